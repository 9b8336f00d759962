using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RedisAspire.Core.Caching.Eviction;
using RedisAspire.Core.Credentials;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Connections;

/// <summary>
/// Checks how the services reach their servers: TLS, the kind of credential, the search module, the eviction policy and
/// clustering. Runs once; later calls get the same answer (a failed run is tried again on the next call).
/// </summary>
public sealed class ServerSelfCheck(IServiceProvider services, IConfiguration configuration)
{
    private readonly SemaphoreSlim running = new(1, 1);
    private ServerSelfCheckResult? result;

    /// <summary>The result, checked on the first call.</summary>
    public async Task<ServerSelfCheckResult> GetAsync(CancellationToken cancellationToken)
    {
        if (result is { } known)
        {
            return known;
        }

        await running.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return result ??= await CheckAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            running.Release();
        }
    }

    private async Task<ServerSelfCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var cache = services.GetRequiredService<IConnectionMultiplexer>();
        var vectors = KeptDataConnection.Of(services);
        var redisEntra = services.GetKeyedService<RenewingCredential>(CredentialKeys.Redis) is not null;

        var checks = new List<RedisConnectionCheck>
        {
            await CheckRedisAsync(RedisConnectionNames.Cache, cache, redisEntra, holdsHotTier: ReferenceEquals(cache, vectors), cancellationToken).ConfigureAwait(false),
        };
        if (!ReferenceEquals(cache, vectors))
        {
            checks.Add(await CheckRedisAsync(RedisConnectionNames.Vectors, vectors, redisEntra, holdsHotTier: true, cancellationToken).ConfigureAwait(false));
        }

        return new ServerSelfCheckResult(checks, CheckPostgres());
    }

    /// <summary>Checks one connection; <c>INFO</c> runs on a short-lived admin copy of it (see <see cref="AdminConnection"/>).</summary>
    public static async Task<RedisConnectionCheck> CheckRedisAsync(
        string name, IConnectionMultiplexer redis, bool entra, bool holdsHotTier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redis);
        // Parsed from the client's own configuration; only whether a password is there is kept.
        var options = ConfigurationOptions.Parse(redis.Configuration);
        var authentication = entra ? ServerAuthentication.EntraId
            : string.IsNullOrEmpty(options.Password) ? ServerAuthentication.None : ServerAuthentication.Key;

        var engines = await RedisCapabilityProbe.ProbeAsync(redis, cancellationToken).ConfigureAwait(false);
        var admin = await AdminConnection.OpenAsync(redis, cancellationToken).ConfigureAwait(false);
        await using (admin.ConfigureAwait(false))
        {
            var memory = await RedisMemoryReport.ReadAsync(admin, cancellationToken).ConfigureAwait(false);
            var cluster = RedisInfoParser.ParseFields(
                await admin.Server.InfoRawAsync("cluster").WaitAsync(cancellationToken).ConfigureAwait(false) ?? "");
            var clusterEnabled = cluster.TryGetValue("cluster_enabled", out var enabled) && enabled == "1";
            return new RedisConnectionCheck(
                name, options.Ssl, authentication, engines.HasQueryEngine, engines.HasVectorSets, memory.Policy, clusterEnabled,
                holdsHotTier, holdsHotTier ? HotTierWarning(memory) : null);
        }
    }

    /// <summary>The advisor's finding about keys without a TTL, which the hot tier's keys are, as one sentence with its remedy.</summary>
    private static string? HotTierWarning(RedisMemoryReport memory) =>
        EvictionAdvisor.Advise(memory, permanentKeysExpected: true)
            .FirstOrDefault(finding => finding.Code == EvictionAdvisor.Codes.PermanentKeysEvictable) is { } finding
            ? $"The vector hot tier and the ingestion queue are on a Redis that can evict them: {finding.Message} {finding.Recommendation}"
                + $" Or give them their own Redis with noeviction (ConnectionStrings:{RedisConnectionNames.Vectors})."
            : null;

    private PostgresConnectionCheck CheckPostgres()
    {
        var connection = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString("db") ?? "");
        var authentication = services.GetKeyedService<RenewingCredential>(CredentialKeys.Postgres) is not null ? ServerAuthentication.EntraId
            : string.IsNullOrEmpty(connection.Password) ? ServerAuthentication.None : ServerAuthentication.Key;
        return new PostgresConnectionCheck(connection.SslMode is SslMode.Require or SslMode.VerifyCA or SslMode.VerifyFull, authentication);
    }
}
