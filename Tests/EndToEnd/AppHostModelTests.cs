using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using RedisAspire.AppHost.LocalServers;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>The AppHost's model in containers mode, built (not started: this needs no container runtime).</summary>
[Trait("Category", "EndToEnd")]
public sealed class AppHostModelTests
{
    [Fact]
    public async Task ContainersModeRunsRedis8AndThePgvectorImage()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RunMode=containers"], timeout.Token);

        var cache = Assert.IsType<RedisResource>(appHost.Resources.Single(resource => resource.Name == "cache"));
        var postgres = Assert.IsType<PostgresServerResource>(appHost.Resources.Single(resource => resource.Name == "postgres"));
        var database = Assert.IsType<VectorDatabaseResource>(appHost.Resources.Single(resource => resource.Name == "db"));

        Assert.True(cache.TryGetLastAnnotation<ContainerImageAnnotation>(out var redisImage));
        Assert.Equal("library/redis", redisImage.Image);
        Assert.StartsWith("8.", redisImage.Tag, StringComparison.Ordinal);
        Assert.True(postgres.TryGetLastAnnotation<ContainerImageAnnotation>(out var postgresImage));
        Assert.Equal("pgvector/pgvector", postgresImage.Image);
        Assert.Same(postgres, database.Parent);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 1)]
    public async Task ContainerDataVolumesAreUsedOnlyWhenAskedFor(bool dataVolumes, int volumesPerServer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RunMode=containers", $"Containers:DataVolumes={dataVolumes}"], timeout.Token);

        foreach (var server in new[] { "cache", "postgres" })
        {
            var mounts = appHost.Resources.Single(resource => resource.Name == server).Annotations.OfType<ContainerMountAnnotation>();
            Assert.Equal(volumesPerServer, mounts.Count(mount => mount.Type == ContainerMountType.Volume));
        }
    }

    [Fact]
    public async Task EveryServiceWaitsForWhatItReferences()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RunMode=containers"], timeout.Token);

        // Waiting for a database also waits for its server.
        Assert.Equal(["cache", "db", "postgres"], WaitedFor(appHost, "api"));
        Assert.Equal(["cache", "db", "postgres"], WaitedFor(appHost, "worker"));
        Assert.Equal(["api"], WaitedFor(appHost, "web"));
    }

    [Theory]
    [InlineData("containers")]
    [InlineData("executables")]
    public async Task TheTwoRedisLayoutGivesTheApiAndTheWorkerAVectorsRedisBesideTheCache(string runMode)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        // Executables mode writes the servers' configuration while building the model: into a folder of the test's own.
        using var dataDirectory = new TemporaryDirectory();
        using var deleteServerFiles = new ServerFilesDeletion(dataDirectory.Path);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            [$"RunMode={runMode}", "Redis:Layout=two", $"LocalServers:DataDirectory={dataDirectory.Path}"], timeout.Token);

        var vectors = Assert.IsAssignableFrom<IResourceWithConnectionString>(appHost.Resources.Single(resource => resource.Name == "vectors"));
        foreach (var service in new[] { "api", "worker" })
        {
            Assert.Equal(["cache", "db", "postgres", "vectors"], WaitedFor(appHost, service));
            Assert.Equal($"{{{vectors.Name}.connectionString}}", await PublishedEnvironmentAsync(appHost, service, "ConnectionStrings__vectors", timeout.Token));
        }

        Assert.Null(await PublishedEnvironmentAsync(appHost, "web", "ConnectionStrings__vectors", timeout.Token));
    }

    [Fact]
    public async Task TheDefaultLayoutHasOneRedis()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RunMode=containers"], timeout.Token);

        Assert.DoesNotContain(appHost.Resources, resource => resource.Name == "vectors");
        Assert.Null(await PublishedEnvironmentAsync(appHost, "api", "ConnectionStrings__vectors", timeout.Token));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("/srv/imports", "/srv/imports")]
    [InlineData("", "")]
    public async Task TheApiGetsTheRepositorysImportFolderAsFolderImportRootUnlessTheAppHostIsGivenOne(string? configured, string? expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        string[] arguments = configured is null ? ["RunMode=containers"] : ["RunMode=containers", $"Ingestion:FolderImport:Root={configured}"];
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(arguments, timeout.Token);
        var api = (IResourceWithEnvironment)appHost.Resources.Single(resource => resource.Name == "api");

        // Publish's values are the expressions themselves, so references need no allocated endpoints; the setting is plain text.
        var configuration = await ExecutionConfigurationBuilder.Create(api).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, timeout.Token);

        Assert.Equal(
            expected ?? Path.GetFullPath(Path.Join(appHost.AppHostDirectory, "..", "import")),
            configuration.EnvironmentVariables.Single(variable => variable.Key == "Ingestion__FolderImport__Root").Value);
    }

    [Fact]
    public async Task WhenRunningTheApiAndTheDashboardGetANewDevelopmentSigningKeyAsASecretParameterAndTheWorkerNone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var first = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RunMode=containers"], timeout.Token);
        var second = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["RunMode=containers"], timeout.Token);

        var key = Assert.IsType<ParameterResource>(first.Resources.Single(resource => resource.Name == "dev-signing-key"));
        Assert.True(key.Secret);
        var value = await key.GetValueAsync(timeout.Token);
        Assert.Equal(32, Convert.FromBase64String(value!).Length);
        var otherRun = second.Resources.OfType<ParameterResource>().Single(resource => resource.Name == "dev-signing-key");
        Assert.NotEqual(value, await otherRun.GetValueAsync(timeout.Token));
        foreach (var service in new[] { "api", "web" })
        {
            Assert.Equal($"{{{key.Name}.value}}", await PublishedEnvironmentAsync(first, service, "Identity__DevelopmentSigningKey", timeout.Token));
        }

        Assert.Null(await PublishedEnvironmentAsync(first, "worker", "Identity__DevelopmentSigningKey", timeout.Token));
    }

    [Fact]
    public async Task WhenPublishingThereIsNoDevelopmentSigningKey()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["AppHost:Operation=publish", "Publishing:Publisher=manifest"], timeout.Token);
        Assert.True(appHost.ExecutionContext.IsPublishMode);

        Assert.DoesNotContain(appHost.Resources, resource => resource.Name == "dev-signing-key");
        foreach (var service in new[] { "api", "web" })
        {
            Assert.Null(await PublishedEnvironmentAsync(appHost, service, "Identity__DevelopmentSigningKey", timeout.Token));
        }
    }

    /// <summary>The value <paramref name="service"/>'s environment variable is published with (references as expressions), or null.</summary>
    private static async Task<string?> PublishedEnvironmentAsync(IDistributedApplicationTestingBuilder appHost, string service, string variable, CancellationToken cancellationToken)
    {
        var resource = (IResourceWithEnvironment)appHost.Resources.Single(resource => resource.Name == service);
        var configuration = await ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig()
            .BuildAsync(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Publish), NullLogger.Instance, cancellationToken);
        return configuration.EnvironmentVariables.Where(pair => pair.Key == variable).Select(pair => pair.Value).SingleOrDefault();
    }

    /// <summary>Deletes the server files under a data directory, following their links into the servers root.</summary>
    private sealed class ServerFilesDeletion(string dataDirectory) : IDisposable
    {
        public void Dispose() => ServerDataLayout.Delete(dataDirectory);
    }

    private static string[] WaitedFor(IDistributedApplicationTestingBuilder appHost, string service) =>
        [.. appHost.Resources.Single(resource => resource.Name == service)
            .Annotations.OfType<WaitAnnotation>()
            .Select(wait => wait.Resource.Name)
            .Order(StringComparer.Ordinal)];
}
