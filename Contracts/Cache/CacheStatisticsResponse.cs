namespace RedisAspire.Contracts;

/// <summary>
/// What the answering replica's cache has done since it started, and what every live replica last reported
/// (<c>GET /cache/stats</c>).
/// </summary>
/// <param name="Counters">The answering replica's counters.</param>
/// <param name="L1Entries">Values the answering replica holds in process.</param>
/// <param name="AnsweredBy">The id of the replica that answered, as listed in <paramref name="Replicas"/>.</param>
/// <param name="Replicas">
/// Every replica (Api and Worker processes) that reported its counters within <c>ResultCache:ReplicaReportTimeToLive</c>,
/// ordered by name then id; the answering one as it is now. Only the answering one when Redis could not be read.
/// </param>
public sealed record CacheStatisticsResponse(
    CacheCounters Counters,
    int L1Entries,
    string? AnsweredBy = null,
    IReadOnlyList<CacheReplica>? Replicas = null);

/// <summary>One replica's cache, as it last reported itself.</summary>
/// <param name="Id">The replica's id: machine, process id and a random part, new at each start.</param>
/// <param name="Name">The application it is (its host's application name: the Api, the Worker).</param>
/// <param name="StartedAt">When its cache started.</param>
/// <param name="ReportedAt">When it reported these counters, by its own clock (every <c>ResultCache:ReplicaReportInterval</c>).</param>
/// <param name="Counters">Its counters then.</param>
/// <param name="L1Entries">Values it held in process then.</param>
public sealed record CacheReplica(
    string Id,
    string Name,
    DateTimeOffset StartedAt,
    DateTimeOffset ReportedAt,
    CacheCounters Counters,
    int L1Entries);

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
