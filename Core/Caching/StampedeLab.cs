using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

/// <summary>
/// Fires many concurrent requests for one missing key at several cache instances on the same Redis (stand-ins for
/// replicas, each with its own single-flight and in-process tier) and reports how often the factory ran and how
/// long callers waited: the cost of a stampede to the data source and to callers, under a chosen protection.
/// </summary>
public sealed class StampedeLab(
    IConnectionMultiplexer redis,
    IChannelSubscriptions subscriptions,
    ICacheSerializer serializer,
    IOptions<ResultCacheOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    public const int MaxCallers = 1000;
    public const int MaxReplicas = 8;
    public const int MaxFactoryMilliseconds = 5000;

    public async Task<StampedeLabResult> RunAsync(StampedeLabRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var replicas = Enumerable.Range(0, run.Replicas).Select(_ => new ResultCache(
            redis, subscriptions, serializer, options, new CacheStatistics(), time, loggerFactory.CreateLogger<ResultCache>())).ToList();
        var key = $"stampede-lab:{Guid.NewGuid():N}";
        var timeToLive = run.TimeToLive ?? (run.Strategy == ExpirationStrategy.Invalidation ? null : StampedeLabRun.DefaultTimeToLive);
        var policy = new CachePolicy { Strategy = run.Strategy, TimeToLive = timeToLive, Stampede = run.Protection, UseL1 = run.UseL1 };
        policy.Validate();
        var factoryRuns = 0;
        var outcomes = new ConcurrentDictionary<CacheOutcome, int>();
        var latencies = new ConcurrentBag<double>();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Task.WhenAll(Enumerable.Range(0, run.Callers).Select(caller => Task.Run(async () =>
            {
                var callStarted = Stopwatch.GetTimestamp();
                var result = await replicas[caller % replicas.Count].GetOrCreateAsync(key, async _ =>
                {
                    Interlocked.Increment(ref factoryRuns);
                    await Task.Delay(TimeSpan.FromMilliseconds(run.FactoryMilliseconds), time, CancellationToken.None).ConfigureAwait(false);
                    return "computed";
                }, policy, cancellationToken).ConfigureAwait(false);
                latencies.Add(Stopwatch.GetElapsedTime(callStarted).TotalMilliseconds);
                outcomes.AddOrUpdate(result.Outcome, 1, (_, count) => count + 1);
            }, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            await replicas[0].InvalidateAsync(key, CancellationToken.None).ConfigureAwait(false);
            replicas.ForEach(replica => replica.Dispose());
        }

        var sorted = latencies.Order().ToArray();
        return new StampedeLabResult(
            run,
            factoryRuns,
            outcomes.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value),
            Percentiles.NearestRank(sorted, 50),
            Percentiles.NearestRank(sorted, 90),
            Percentiles.NearestRank(sorted, 99),
            sorted[^1],
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
