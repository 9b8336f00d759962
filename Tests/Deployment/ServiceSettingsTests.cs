extern alias Api;

using System.Net;
using Api::RedisAspire.Api.Identity;
using Npgsql;
using RedisAspire.Core.Caching.Eviction;
using RedisAspire.Core.Embeddings;
using StackExchange.Redis;

namespace RedisAspire.Tests.Deployment;

/// <summary>
/// The environment variables infra/ gives each service (infra/modules/serviceSettings.bicep, predicted with literal
/// inputs): the names are the services' own configuration keys, the connection strings parse with the clients that
/// read them, and none holds a secret.
/// </summary>
[Trait("Category", "Unit")]
[Collection(InfrastructureSnapshots.Collection)]
public sealed class ServiceSettingsTests(InfrastructureSnapshots snapshots)
{
    private const string RedisEntraClientId = "Redis__Entra__ClientId";
    private const string PostgresEntraClientId = "Postgres__Entra__ClientId";

    [Fact]
    public void WithOneRedisTheCacheConnectionIsTheRediSearchInstanceOverTlsWithoutAPassword()
    {
        foreach (var service in new[] { "api", "worker" })
        {
            var settings = Settings(snapshots.SettingsOneRedis, service);

            AssertRedis(settings[ConnectionString("cache")], InfrastructureSnapshots.VectorRedisHost);
            Assert.False(settings.ContainsKey(ConnectionString("vectors")));
            Assert.Equal(InfrastructureSnapshots.IdentityClientId, settings[RedisEntraClientId]);
        }
    }

    [Fact]
    public void WithTwoRedisInstancesVectorsIsTheRediSearchOneAndCacheTheOther()
    {
        foreach (var service in new[] { "api", "worker" })
        {
            var settings = Settings(snapshots.SettingsTwoRedisWithOpenAI, service);

            AssertRedis(settings[ConnectionString("vectors")], InfrastructureSnapshots.VectorRedisHost);
            AssertRedis(settings[ConnectionString("cache")], InfrastructureSnapshots.CacheRedisHost);
        }
    }

    [Fact]
    public void PostgresIsReachedAsTheIdentityOverTlsWithoutAPassword()
    {
        foreach (var service in new[] { "api", "worker" })
        {
            var settings = Settings(snapshots.SettingsOneRedis, service);
            var connection = new NpgsqlConnectionStringBuilder(settings[ConnectionString("db")]);

            Assert.Equal(InfrastructureSnapshots.PostgresHost, connection.Host);
            Assert.Equal("db", connection.Database);
            Assert.Equal(InfrastructureSnapshots.IdentityName, connection.Username);
            Assert.Equal(SslMode.Require, connection.SslMode);
            Assert.Null(connection.Password);
            Assert.Equal(InfrastructureSnapshots.IdentityClientId, settings[PostgresEntraClientId]);
        }
    }

    [Fact]
    public void EveryServiceKnowsWhichManagedIdentityIsItsOwn()
    {
        foreach (var service in new[] { "api", "worker", "web" })
        {
            Assert.Equal(InfrastructureSnapshots.IdentityClientId, Settings(snapshots.SettingsOneRedis, service)["AZURE_CLIENT_ID"]);
        }
    }

    [Fact]
    public void TheApiTrustsEntraIdTokensForItsAudienceAndLeavesTheEvictionPolicyAlone()
    {
        var settings = Settings(snapshots.SettingsOneRedis, "api");

        Assert.Equal(InfrastructureSnapshots.ApiAuthority, settings[Key(CallerIdentityOptions.SectionName, nameof(CallerIdentityOptions.Authority))]);
        Assert.Equal(InfrastructureSnapshots.ApiAudience, settings[Key(CallerIdentityOptions.SectionName, nameof(CallerIdentityOptions.Audience))]);
        Assert.Equal("false", settings[Key(CacheEvictionOptions.SectionName, nameof(CacheEvictionOptions.AllowPolicyChanges))]);
        Assert.False(settings.ContainsKey(Key(CallerIdentityOptions.SectionName, nameof(CallerIdentityOptions.DevelopmentSigningKey))));
    }

    [Fact]
    public void TheDashboardAsksForTokensForTheApisScope()
    {
        var settings = Settings(snapshots.SettingsOneRedis, "web");

        // Web's ServiceIdentityExtensions.ScopeSetting; the Tests project does not reference Web.
        Assert.Equal($"{InfrastructureSnapshots.ApiAudience}/.default", settings["Identity__Api__Scope"]);
    }

    [Fact]
    public void WithoutAzureOpenAITheLocalModelEmbeds()
    {
        foreach (var service in new[] { "api", "worker" })
        {
            var settings = Settings(snapshots.SettingsOneRedis, service);

            Assert.Equal(nameof(EmbeddingProvider.Local), settings[Key(EmbeddingOptions.SectionName, nameof(EmbeddingOptions.Provider))]);
            Assert.DoesNotContain(settings.Keys, key => key.StartsWith(Key(EmbeddingOptions.SectionName, nameof(EmbeddingOptions.AzureOpenAI)), StringComparison.Ordinal));
        }
    }

    [Fact]
    public void WithAzureOpenAITheDeploymentEmbedsWithTheIdentitysToken()
    {
        var azureOpenAI = Key(EmbeddingOptions.SectionName, nameof(EmbeddingOptions.AzureOpenAI));
        foreach (var service in new[] { "api", "worker" })
        {
            var settings = Settings(snapshots.SettingsTwoRedisWithOpenAI, service);

            Assert.Equal(nameof(EmbeddingProvider.AzureOpenAI), settings[Key(EmbeddingOptions.SectionName, nameof(EmbeddingOptions.Provider))]);
            Assert.Equal(InfrastructureSnapshots.OpenAiEndpoint, settings[Key(azureOpenAI, nameof(AzureOpenAIEmbeddingOptions.Endpoint))]);
            Assert.Equal(InfrastructureSnapshots.OpenAiDeployment, settings[Key(azureOpenAI, nameof(AzureOpenAIEmbeddingOptions.Deployment))]);
            Assert.False(settings.ContainsKey(Key(azureOpenAI, nameof(AzureOpenAIEmbeddingOptions.ApiKey))));
        }
    }

    [Fact]
    public void NoSettingLooksLikeASecret()
    {
        string[] secretWords = ["password", "secret", "apikey", "accountkey", "sharedaccess", "signingkey", "token"];
        foreach (var snapshot in new[] { snapshots.SettingsOneRedis, snapshots.SettingsTwoRedisWithOpenAI })
        {
            foreach (var service in new[] { "api", "worker", "web" })
            {
                foreach (var (name, value) in Settings(snapshot, service))
                {
                    var text = $"{name}={value}".Replace("_", "", StringComparison.Ordinal);
                    Assert.DoesNotContain(secretWords, word => text.Contains(word, StringComparison.OrdinalIgnoreCase));
                }
            }
        }
    }

    private static void AssertRedis(string connectionString, string host)
    {
        var options = ConfigurationOptions.Parse(connectionString);

        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(options.EndPoints));
        Assert.Equal(host, endpoint.Host);
        Assert.Equal(10000, endpoint.Port);
        Assert.True(options.Ssl);
        Assert.False(options.AbortOnConnectFail);
        Assert.Null(options.Password);
        Assert.Null(options.User);
    }

    /// <summary>A service's settings, failing on a name given twice (the later one would silently win).</summary>
    private static Dictionary<string, string> Settings(DeploymentSnapshot snapshot, string service)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in snapshot.Outputs[service]!.AsArray().Select(v => v!.AsObject()))
        {
            Assert.Equal(["name", "value"], variable.Select(p => p.Key));
            settings.Add((string)variable["name"]!, (string)variable["value"]!);
        }

        return settings;
    }

    private static string ConnectionString(string name) => $"ConnectionStrings__{name}";

    /// <summary>A configuration key as an environment variable name: <c>:</c> written <c>__</c>.</summary>
    private static string Key(params string[] parts) => string.Join("__", parts).Replace(":", "__", StringComparison.Ordinal);
}
