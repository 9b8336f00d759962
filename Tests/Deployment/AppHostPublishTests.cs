using System.Reflection;
using System.Text.Json.Nodes;
using RedisAspire.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// azd deploys with azure.yaml and infra/, not with the AppHost's publish mode (whose manifest describes Redis and
/// PostgreSQL as password-protected containers). The two must still agree: the same service names, and every setting
/// the AppHost gives a service in publish mode is one infra/ gives it too.
/// </summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class AppHostPublishTests(InfrastructureSnapshots snapshots)
{
    /// <summary>Aspire's own wiring of a reference or an endpoint, which infra/ expresses in its own way.</summary>
    private static readonly HashSet<string> AspireOnlySettings =
    [
        "HTTP_PORTS", "OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY",
        "CACHE_HOST", "CACHE_PORT", "CACHE_PASSWORD", "CACHE_URI",
        "API_HTTP", "API_HTTPS", "services__api__http__0",
    ];

    /// <summary>Published once for both tests: a run of the AppHost takes a few seconds.</summary>
    private static readonly Lazy<Task<Dictionary<string, JsonObject>>> PublishedProjects = new(PublishedProjectsAsync);

    [Fact]
    public async Task TheAppHostPublishesTheServicesAzureYamlDeploys()
    {
        var projects = await PublishedProjects.Value;

        Assert.Equal(AzureYamlServices().Order(StringComparer.Ordinal), projects.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EverySettingTheAppHostPublishesForAServiceInfraGivesItToo()
    {
        var projects = await PublishedProjects.Value;

        foreach (var (service, project) in projects)
        {
            var infraSettings = snapshots.SettingsTwoRedisWithOpenAI.Outputs[service]!.AsArray()
                .Select(variable => (string)variable!["name"]!)
                .ToHashSet(StringComparer.Ordinal);
            if (service == "web")
            {
                // Set in main.bicep from the api app's address (ContainerAppsPolicyTests.EachAppTakesTheSettingsMadeForIt).
                infraSettings.Add("services__api__https__0");
            }

            var published = project["env"]?.AsObject().Select(variable => variable.Key) ?? [];
            Assert.All(published.Where(name => !AspireOnlySettings.Contains(name)), name => Assert.Contains(name, infraSettings));
        }
    }

    private static IEnumerable<string> AzureYamlServices()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Join(BuildPaths.RepositoryRoot, "azure.yaml")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents.Single().RootNode;
        return ((YamlMappingNode)root["services"]).Children.Keys.Select(key => key.ToString());
    }

    /// <summary>The project resources of the AppHost's publish manifest, by name.</summary>
    private static async Task<Dictionary<string, JsonObject>> PublishedProjectsAsync()
    {
        using var output = new TemporaryDirectory();
        var manifest = Path.Join(output.Path, "manifest.json");
        // The AppHost as the Tests project built it (the same configuration), so nothing is rebuilt here.
        var configuration = typeof(AppHostPublishTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await Command.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            ["run", "--project", Path.Join(BuildPaths.RepositoryRoot, "AppHost"), "--no-build", "-c", configuration, "--no-launch-profile",
             "--", "--publisher", "manifest", "--output-path", manifest],
            BuildPaths.RepositoryRoot,
            timeout.Token);

        Assert.True(result.ExitCode == 0 && File.Exists(manifest), result.ToString());
        return JsonNode.Parse(await File.ReadAllTextAsync(manifest))!["resources"]!.AsObject()
            .Where(resource => (string?)resource.Value!["type"] == "project.v0")
            .ToDictionary(resource => resource.Key, resource => resource.Value!.AsObject(), StringComparer.Ordinal);
    }
}
