namespace RedisAspire.Contracts;

/// <summary>What this replica's cache has done since it started (<c>GET /cache/stats</c>).</summary>
/// <param name="Counters">The counters.</param>
/// <param name="L1Entries">Values this replica holds in process.</param>
public sealed record CacheStatisticsResponse(CacheCounters Counters, int L1Entries);

/// <summary>A replica's cache counters.</summary>
/// <param name="Hits">Values read from Redis.</param>
/// <param name="Misses">Values not found, so computed.</param>
/// <param name="L1Hits">Values read from the in-process copy.</param>
/// <param name="FactoryRuns">Factory calls.</param>
/// <param name="EarlyRecomputes">Values recomputed before they expired (probabilistic early expiration).</param>
/// <param name="LockWaits">Callers that waited for another's recomputation under the distributed lock.</param>
/// <param name="LockTimeouts">Waits that gave up and computed the value themselves.</param>
/// <param name="StaleServed">Expired values served.</param>
/// <param name="Bypassed">Calls answered without Redis (unreachable, or the circuit open).</param>
/// <param name="InvalidationsSent">Invalidations published.</param>
/// <param name="InvalidationsReceived">Invalidations received from any replica.</param>
/// <param name="RedisErrors">Redis calls that failed.</param>
/// <param name="CircuitOpenings">Times the circuit breaker opened.</param>
public sealed record CacheCounters(
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
