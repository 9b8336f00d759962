using System.Net;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks;

/// <summary>The Redis every suite runs against: the throw-away server eng/benchmark.sh starts, on loopback only.</summary>
internal static class BenchmarkRedis
{
    public const string EnvironmentVariable = "REDISASPIRE_BENCHMARK_REDIS";

    public static async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: run ./eng/benchmark.sh, which starts a Redis on loopback and sets it (e.g. 127.0.0.1:6390).");
        }

        var configuration = ConfigurationOptions.Parse(connectionString);
        // A benchmark hammers the server it is given: never one off this machine.
        foreach (var endpoint in configuration.EndPoints)
        {
            var loopback = endpoint switch
            {
                IPEndPoint ip => IPAddress.IsLoopback(ip.Address),
                DnsEndPoint dns => dns.Host == "localhost",
                _ => false,
            };
            if (!loopback)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} names {endpoint}; only a loopback Redis is allowed.");
            }
        }

        return await ConnectionMultiplexer.ConnectAsync(configuration);
    }
}
