using RedisAspire.Benchmarks.Replay;

namespace RedisAspire.Benchmarks;

/// <summary>The throw-away Redis and PostgreSQL that <c>eng/benchmark.sh</c> starts and names in the environment.</summary>
internal static class BenchmarkServers
{
    /// <summary>Both connection strings; a clear error naming <paramref name="suite"/> when they are not set.</summary>
    public static (string Redis, string Postgres) Require(string suite)
    {
        var redis = Environment.GetEnvironmentVariable(BenchmarkRedis.EnvironmentVariable);
        var postgres = Environment.GetEnvironmentVariable(ReplaySuite.PostgresVariable);
        if (string.IsNullOrWhiteSpace(redis) || string.IsNullOrWhiteSpace(postgres))
        {
            throw new InvalidOperationException($"{BenchmarkRedis.EnvironmentVariable} and {ReplaySuite.PostgresVariable} must be set: run ./eng/benchmark.sh {suite}.");
        }

        return (redis, postgres);
    }
}
