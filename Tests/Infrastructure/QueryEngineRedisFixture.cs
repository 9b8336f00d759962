using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A Redis with the query engine (FT.*), when one is reachable: the connection string in
/// <see cref="VariableName"/>, for example a Redis 8 image (<c>docker run -p 6390:6379 redis:8</c>) or Redis Stack.
/// Distribution packages of Redis 8 ship without the query engine, so without the variable the tests that need it
/// are reported as skipped, with the reason.
/// </summary>
public sealed class QueryEngineRedisFixture : IAsyncLifetime
{
    public const string VariableName = "REDISASPIRE_QUERY_ENGINE_REDIS";

    private ConnectionMultiplexer? redis;

    /// <summary>The connection; null when no query engine is reachable (see <see cref="SkipReason"/>).</summary>
    public IConnectionMultiplexer? Redis => redis;

    /// <summary>Why the tests are skipped; null when they run.</summary>
    public string? SkipReason { get; private set; }

    public async Task InitializeAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(VariableName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            SkipReason = $"No Redis with the query engine is reachable: set {VariableName} to the connection string of one " +
                "(a Redis 8 image, Redis Stack or Azure Managed Redis) to run the RediSearch integration tests.";
            return;
        }

        redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var server = await RedisCapabilityProbe.ProbeAsync(redis, CancellationToken.None);
        if (!server.HasQueryEngine)
        {
            // The variable names a server that cannot run the tests: that is a mistake to report, not a reason to skip.
            throw new InvalidOperationException($"{VariableName} names Redis {server.Version}, which has no query engine (FT.SEARCH).");
        }
    }

    public async Task DisposeAsync()
    {
        if (redis is not null)
        {
            await redis.DisposeAsync();
        }
    }
}
