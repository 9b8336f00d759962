using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>Result caches built by hand, each under a key prefix of its own so tests never share keys or channels.</summary>
internal static class TestCaches
{
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..16];

    public static ResultCache Create(
        IConnectionMultiplexer redis, string prefix, Action<ResultCacheOptions>? configure = null, ICacheSerializer? serializer = null)
    {
        var options = new ResultCacheOptions { KeyPrefix = prefix };
        configure?.Invoke(options);
        return new ResultCache(
            redis, new SharedConnectionSubscriptions(redis), serializer ?? new SystemTextJsonCacheSerializer(), Options.Create(options), new CacheStatistics(), TimeProvider.System,
            NullLogger<ResultCache>.Instance);
    }

    /// <summary>A factory that counts its runs and returns its run number after <paramref name="delay"/>.</summary>
    public static (Func<CancellationToken, ValueTask<string>> Factory, Func<int> Runs) CountingFactory(TimeSpan delay = default)
    {
        var runs = 0;
        return (async cancellationToken =>
        {
            var run = Interlocked.Increment(ref runs);
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            return $"value {run}";
        }, () => Volatile.Read(ref runs));
    }
}
