using System.Diagnostics;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Load;

/// <summary>
/// The floor the app's figures are set against, on the same Redis in the same run: a raw StackExchange.Redis loop of
/// GETs of a 1.6 KB value (an embedding's size) at the same concurrency as the app's clients.
/// </summary>
internal static class RedisFloor
{
    public static async Task<(double PerSecond, double P50, double P99)> RawGetAsync(IConnectionMultiplexer redis, int clients, TimeSpan duration)
    {
        var database = redis.GetDatabase();
        RedisKey key = $"load:floor:{Guid.NewGuid():N}";
        await database.StringSetAsync(key, new byte[1_600], TimeSpan.FromMinutes(10));
        using var stop = new CancellationTokenSource(duration);
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await database.StringGetAsync(key);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            return latencies;
        }));
        var all = (await Task.WhenAll(loops)).SelectMany(latencies => latencies).Order().ToArray();
        await database.KeyDeleteAsync(key);
        return (all.Length / duration.TotalSeconds, LoadReport.Percentile(all, 0.5), LoadReport.Percentile(all, 0.99));
    }
}
