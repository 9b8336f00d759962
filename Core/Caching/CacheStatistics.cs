namespace RedisAspire.Core.Caching;

/// <summary>What the cache did since this process started: counters the Api reports and the meter publishes.</summary>
public sealed class CacheStatistics
{
    private long hits;
    private long misses;
    private long l1Hits;
    private long factoryRuns;
    private long earlyRecomputes;
    private long lockWaits;
    private long lockTimeouts;
    private long staleServed;
    private long bypassed;
    private long invalidationsSent;
    private long invalidationsReceived;
    private long redisErrors;
    private long circuitOpenings;

    internal void Hit() => Interlocked.Increment(ref hits);

    internal void Miss() => Interlocked.Increment(ref misses);

    internal void L1Hit() => Interlocked.Increment(ref l1Hits);

    internal void FactoryRun() => Interlocked.Increment(ref factoryRuns);

    internal void EarlyRecompute() => Interlocked.Increment(ref earlyRecomputes);

    internal void LockWait() => Interlocked.Increment(ref lockWaits);

    internal void LockTimeout() => Interlocked.Increment(ref lockTimeouts);

    internal void StaleServed() => Interlocked.Increment(ref staleServed);

    internal void Bypassed() => Interlocked.Increment(ref bypassed);

    internal void InvalidationSent() => Interlocked.Increment(ref invalidationsSent);

    internal void InvalidationReceived() => Interlocked.Increment(ref invalidationsReceived);

    internal void RedisError() => Interlocked.Increment(ref redisErrors);

    internal void CircuitOpened() => Interlocked.Increment(ref circuitOpenings);

    /// <summary>The counters now.</summary>
    public CacheStatisticsSnapshot Snapshot() => new(
        Interlocked.Read(ref hits),
        Interlocked.Read(ref misses),
        Interlocked.Read(ref l1Hits),
        Interlocked.Read(ref factoryRuns),
        Interlocked.Read(ref earlyRecomputes),
        Interlocked.Read(ref lockWaits),
        Interlocked.Read(ref lockTimeouts),
        Interlocked.Read(ref staleServed),
        Interlocked.Read(ref bypassed),
        Interlocked.Read(ref invalidationsSent),
        Interlocked.Read(ref invalidationsReceived),
        Interlocked.Read(ref redisErrors),
        Interlocked.Read(ref circuitOpenings));
}

/// <summary>The cache's counters at one moment.</summary>
/// <param name="Hits">Values read from Redis.</param>
/// <param name="Misses">Values Redis did not have.</param>
/// <param name="L1Hits">Values served from the in-process copy.</param>
/// <param name="FactoryRuns">Factory executions in this process.</param>
/// <param name="EarlyRecomputes">Recomputations started early by XFetch.</param>
/// <param name="LockWaits">Callers that waited for another process's value.</param>
/// <param name="LockTimeouts">Waits that gave up and ran the factory themselves.</param>
/// <param name="StaleServed">Stale values served while another caller recomputed.</param>
/// <param name="Bypassed">Calls answered by the factory alone because Redis could not be reached.</param>
/// <param name="InvalidationsSent">Invalidation events published.</param>
/// <param name="InvalidationsReceived">Invalidation events received.</param>
/// <param name="RedisErrors">Redis commands that failed.</param>
/// <param name="CircuitOpenings">Times the circuit breaker opened.</param>
public sealed record CacheStatisticsSnapshot(
    long Hits,
    long Misses,
    long L1Hits,
    long FactoryRuns,
    long EarlyRecomputes,
    long LockWaits,
    long LockTimeouts,
    long StaleServed,
    long Bypassed,
    long InvalidationsSent,
    long InvalidationsReceived,
    long RedisErrors,
    long CircuitOpenings);
