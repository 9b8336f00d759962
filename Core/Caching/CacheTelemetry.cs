using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RedisAspire.Core.Caching;

/// <summary>The cache's OpenTelemetry meter and activity source (<c>redisaspire.cache</c>), fed by its statistics.</summary>
internal sealed class CacheTelemetry : IDisposable
{
    public const string Name = "redisaspire.cache";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter meter;

    public CacheTelemetry(IMeterFactory? meterFactory, CacheStatistics statistics)
    {
        // Hosts register a meter factory; a cache built by hand (tools, tests) gets a meter of its own.
        meter = meterFactory?.Create(Name) ?? new Meter(Name);
        Counter("hits", "Values read from Redis", () => statistics.Snapshot().Hits);
        Counter("misses", "Values Redis did not have", () => statistics.Snapshot().Misses);
        Counter("l1_hits", "Values served from the in-process copy", () => statistics.Snapshot().L1Hits);
        Counter("factory_runs", "Factory executions", () => statistics.Snapshot().FactoryRuns);
        Counter("early_recomputes", "Recomputations started early by XFetch", () => statistics.Snapshot().EarlyRecomputes);
        Counter("lock_waits", "Callers that waited for another process's value", () => statistics.Snapshot().LockWaits);
        Counter("lock_timeouts", "Waits that gave up and ran the factory", () => statistics.Snapshot().LockTimeouts);
        Counter("stale_served", "Stale values served during a recompute", () => statistics.Snapshot().StaleServed);
        Counter("bypassed", "Calls answered without Redis", () => statistics.Snapshot().Bypassed);
        Counter("invalidations_sent", "Invalidation events published", () => statistics.Snapshot().InvalidationsSent);
        Counter("invalidations_received", "Invalidation events received", () => statistics.Snapshot().InvalidationsReceived);
        Counter("redis_errors", "Redis commands that failed", () => statistics.Snapshot().RedisErrors);
        Counter("circuit_openings", "Times the circuit breaker opened", () => statistics.Snapshot().CircuitOpenings);
        FactoryDuration = meter.CreateHistogram<double>($"{Name}.factory.duration", "s", "How long factories took");
    }

    public Histogram<double> FactoryDuration { get; }

    public void Dispose() => meter.Dispose();

    private void Counter(string name, string description, Func<long> read) =>
        meter.CreateObservableCounter($"{Name}.{name}", read, unit: "{event}", description: description);
}
