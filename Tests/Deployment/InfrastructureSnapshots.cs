using System.Text.Json.Nodes;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// infra/main.bicep in its two Redis layouts, and the services' settings module alone with literal inputs, as
/// <c>bicep snapshot</c> predicts them, with main.bicep compiled; taken once for every test that reads them, all at once.
/// </summary>
public sealed class InfrastructureSnapshots : IAsyncLifetime
{
    public const string Collection = "infra snapshots";

    public const string ApiAudience = "api://redisaspire-api";
    public const string IdentityClientId = "11111111-2222-3333-4444-555555555555";
    public const string IdentityName = "id-redisaspire";
    public const string VectorRedisHost = "redis-vectors.westeurope.redis.azure.net";
    public const string CacheRedisHost = "redis-cache.westeurope.redis.azure.net";
    public const string PostgresHost = "psql-redisaspire.postgres.database.azure.com";
    public const string OpenAiEndpoint = "https://oai-redisaspire.openai.azure.com/";
    public const string OpenAiDeployment = "text-embedding-3-small";
    public const string ApiAuthority = $"https://login.microsoftonline.com/{DeploymentSnapshot.TenantId}/v2.0";

    private readonly TemporaryDirectory directory = new();

    /// <summary>One Redis for everything, the local embedding model.</summary>
    internal DeploymentSnapshot OneRedis { get; private set; } = null!;

    /// <summary>A second Redis for caches, and Azure OpenAI.</summary>
    internal DeploymentSnapshot TwoRedisWithOpenAI { get; private set; } = null!;

    internal DeploymentSnapshot SettingsOneRedis { get; private set; } = null!;

    internal DeploymentSnapshot SettingsTwoRedisWithOpenAI { get; private set; } = null!;

    /// <summary>main.bicep compiled to ARM JSON, modules inlined as nested deployments with their parameters.</summary>
    internal JsonObject CompiledMain { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var main = Path.Join(BuildPaths.Infra, "main.bicep");
        var settings = Path.Join(BuildPaths.Infra, "modules", "serviceSettings.bicep");
        var oneRedis = DeploymentSnapshot.TakeAsync(main, MainParameters(redisInstances: 1, useAzureOpenAI: false), directory.Path, "one-redis");
        var twoRedis = DeploymentSnapshot.TakeAsync(main, MainParameters(redisInstances: 2, useAzureOpenAI: true), directory.Path, "two-redis");
        var settingsOne = DeploymentSnapshot.TakeAsync(settings, SettingsParameters(cacheRedisHost: "", openAi: false), directory.Path, "settings-one-redis");
        var settingsTwo = DeploymentSnapshot.TakeAsync(settings, SettingsParameters(CacheRedisHost, openAi: true), directory.Path, "settings-two-redis");
        var compiled = BicepCli.RunAsync(directory.Path, "build", main, "--outfile", Path.Join(directory.Path, "main.json"));

        OneRedis = await oneRedis;
        TwoRedisWithOpenAI = await twoRedis;
        SettingsOneRedis = await settingsOne;
        SettingsTwoRedisWithOpenAI = await settingsTwo;
        var build = await compiled;
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException(build.ToString());
        }

        CompiledMain = JsonNode.Parse(await File.ReadAllTextAsync(Path.Join(directory.Path, "main.json")))!.AsObject();
    }

    public Task DisposeAsync()
    {
        directory.Dispose();
        return Task.CompletedTask;
    }

    private static Dictionary<string, object> MainParameters(int redisInstances, bool useAzureOpenAI) => new()
    {
        ["environmentName"] = "policy",
        ["location"] = DeploymentSnapshot.Location,
        ["redisInstances"] = redisInstances,
        ["useAzureOpenAI"] = useAzureOpenAI,
        ["apiAudience"] = ApiAudience,
    };

    private static Dictionary<string, object> SettingsParameters(string cacheRedisHost, bool openAi) => new()
    {
        ["identityClientId"] = IdentityClientId,
        ["identityName"] = IdentityName,
        ["vectorRedisHost"] = VectorRedisHost,
        ["cacheRedisHost"] = cacheRedisHost,
        ["postgresHost"] = PostgresHost,
        ["postgresDatabase"] = "db",
        ["openAiEndpoint"] = openAi ? OpenAiEndpoint : "",
        ["openAiEmbeddingDeployment"] = openAi ? OpenAiDeployment : "",
        ["apiAuthority"] = ApiAuthority,
        ["apiAudience"] = ApiAudience,
    };
}

[CollectionDefinition(InfrastructureSnapshots.Collection)]
public sealed class InfrastructureSnapshotsCollection : ICollectionFixture<InfrastructureSnapshots>;
