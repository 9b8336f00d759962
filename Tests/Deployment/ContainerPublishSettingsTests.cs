using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// What azd relies on when it builds each service's image with <c>dotnet publish /t:PublishContainer</c>: the
/// projects' container settings, evaluated by MSBuild as a publish would see them, and azure.yaml naming the projects.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ContainerPublishSettingsTests
{
    public static TheoryData<string, string> Services => new()
    {
        { "api", "Api/Api.csproj" },
        { "worker", "Worker/Worker.csproj" },
        { "web", "Web/Web.csproj" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task EachServicePublishesALinuxImageListeningOn8080AsANonRootUser(string service, string project)
    {
        var evaluation = await EvaluateAsync(project, publishing: true);
        var properties = evaluation["Properties"]!;

        Assert.Equal($"redisaspire/{service}", (string?)properties["ContainerRepository"]);
        Assert.Equal("app", (string?)properties["ContainerUser"]);
        Assert.Equal("linux-x64", (string?)properties["RuntimeIdentifier"]);
        // The SDK picks the ASP.NET Core base image of the target framework (mcr.microsoft.com/dotnet/aspnet:10.0).
        Assert.Equal("", (string?)properties["ContainerBaseImage"]);
        var port = Assert.Single(evaluation["Items"]!["ContainerPort"]!.AsArray());
        Assert.Equal("8080", (string?)port!["Identity"]);
        Assert.Equal("tcp", (string?)port["Type"]);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task BuildsOutsidePublishingStayPortable(string service, string project)
    {
        var evaluation = await EvaluateAsync(project, publishing: false);

        Assert.True(string.IsNullOrEmpty((string?)evaluation["Properties"]!["RuntimeIdentifier"]), service);
    }

    [Fact]
    public void AzureYamlDeploysTheThreeProjectsAsContainerAppsWithoutADockerfile()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Join(BuildPaths.RepositoryRoot, "azure.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        var infra = (YamlMappingNode)root["infra"];
        Assert.Equal("bicep", infra["provider"].ToString());
        Assert.True(File.Exists(Path.Join(BuildPaths.RepositoryRoot, infra["path"].ToString(), $"{infra["module"]}.bicep")));

        var services = (YamlMappingNode)root["services"];
        Assert.Equal(Services.Select(row => (string)row[0]), services.Children.Keys.Select(key => key.ToString()));
        foreach (var row in Services)
        {
            var service = (YamlMappingNode)services[(string)row[0]];
            var folder = Path.GetDirectoryName((string)row[1])!;

            Assert.Equal($"./{folder}", service["project"].ToString());
            Assert.Equal("dotnet", service["language"].ToString());
            Assert.Equal("containerapp", service["host"].ToString());
            Assert.False(service.Children.ContainsKey("docker"));
            Assert.False(File.Exists(Path.Join(BuildPaths.RepositoryRoot, folder, "Dockerfile")));
        }
    }

    private static async Task<JsonNode> EvaluateAsync(string project, bool publishing)
    {
        // The SDK that runs these tests, so the evaluation matches global.json's.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await Command.RunAsync(
            dotnet,
            [
                "msbuild", Path.Join(BuildPaths.RepositoryRoot, project),
                "-getProperty:ContainerRepository", "-getProperty:ContainerUser", "-getProperty:RuntimeIdentifier",
                "-getProperty:ContainerBaseImage", "-getItem:ContainerPort",
                $"-p:_IsPublishing={publishing.ToString().ToLowerInvariant()}",
            ],
            BuildPaths.RepositoryRoot,
            timeout.Token);

        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonNode.Parse(result.Output)!;
    }
}
