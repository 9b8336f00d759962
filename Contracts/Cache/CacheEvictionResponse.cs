using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The cache Redis's memory and eviction report, the advice on it, and whether the policy may be changed here.</summary>
/// <param name="Report">What Redis reports.</param>
/// <param name="Findings">The advisor's findings, most severe first.</param>
/// <param name="PolicyChangesAllowed">Whether <c>PUT /cache/eviction</c> may change the policy.</param>
public sealed record CacheEvictionResponse(RedisMemory Report, IReadOnlyList<EvictionFinding> Findings, bool PolicyChangesAllowed);

/// <summary>Redis's memory, eviction and keyspace figures.</summary>
/// <param name="MaxMemoryBytes"><c>maxmemory</c>; 0 means no limit.</param>
/// <param name="Policy"><c>maxmemory-policy</c>.</param>
/// <param name="UsedMemoryBytes">Memory in use.</param>
/// <param name="UsedMemoryPeakBytes">The most memory used since the server started.</param>
/// <param name="EvictedKeys">Keys evicted since the server started.</param>
/// <param name="ExpiredKeys">Keys expired since the server started.</param>
/// <param name="Databases">Each database's keys.</param>
/// <param name="Keys">All keys.</param>
/// <param name="KeysWithTtl">Keys with an expiry: the only ones a <c>volatile-*</c> policy evicts.</param>
/// <param name="KeysWithoutTtl">Keys that never expire: only an <c>allkeys-*</c> policy evicts them.</param>
/// <param name="UsedMemoryRatio">Memory in use as a share of <c>maxmemory</c>; null without a limit.</param>
public sealed record RedisMemory(
    long MaxMemoryBytes,
    string Policy,
    long UsedMemoryBytes,
    long UsedMemoryPeakBytes,
    long EvictedKeys,
    long ExpiredKeys,
    IReadOnlyList<KeyspaceDatabase> Databases,
    long Keys,
    long KeysWithTtl,
    long KeysWithoutTtl,
    double? UsedMemoryRatio);

/// <summary>One database's line of <c>INFO keyspace</c>.</summary>
/// <param name="Database">The database number.</param>
/// <param name="Keys">All keys in it.</param>
/// <param name="KeysWithTtl">Keys with an expiry.</param>
/// <param name="AverageTtl">Redis's sampled estimate of the remaining TTL of keys with one.</param>
/// <param name="KeysWithoutTtl">Keys that never expire.</param>
public sealed record KeyspaceDatabase(int Database, long Keys, long KeysWithTtl, TimeSpan AverageTtl, long KeysWithoutTtl);

/// <summary>How much an eviction finding matters.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvictionSeverity>))]
public enum EvictionSeverity
{
    /// <summary>Worth knowing.</summary>
    Info,

    /// <summary>Likely to hurt.</summary>
    Warning,

    /// <summary>Data the application needs will be lost, or writes refused.</summary>
    Critical,
}

/// <summary>One piece of eviction advice.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Code">A stable identifier of the finding.</param>
/// <param name="Message">What was found.</param>
/// <param name="Recommendation">What to do about it.</param>
public sealed record EvictionFinding(EvictionSeverity Severity, string Code, string Message, string Recommendation);

/// <summary>The body of <c>PUT /cache/eviction</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvictionChangeRequest
{
    /// <summary>The eviction policy (required), for example <c>allkeys-lru</c>.</summary>
    public string? Policy { get; init; }

    /// <summary>A new <c>maxmemory</c>: 0 for no limit, or at least 1 MiB; unchanged when absent.</summary>
    public long? MaxMemoryBytes { get; init; }
}
