namespace RedisAspire.Core.Caching;

/// <summary>What one replica's cache last reported about itself.</summary>
/// <param name="Id">The replica's id (<see cref="CacheReplicaIdentity.Id"/>).</param>
/// <param name="Name">The application it is.</param>
/// <param name="StartedAt">When its cache started.</param>
/// <param name="ReportedAt">When it reported these counters (its own clock).</param>
/// <param name="Counters">Its counters then.</param>
/// <param name="L1Entries">The values it held in process then.</param>
public sealed record CacheReplicaReport(
    string Id,
    string Name,
    DateTimeOffset StartedAt,
    DateTimeOffset ReportedAt,
    CacheStatisticsSnapshot Counters,
    int L1Entries);
