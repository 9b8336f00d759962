namespace RedisAspire.Core.Caching.Eviction;

/// <summary>The <c>maxmemory-policy</c> values Redis accepts, and what each one may evict.</summary>
internal static class EvictionPolicies
{
    /// <summary>Evicts nothing: writes that need memory fail once <c>maxmemory</c> is reached.</summary>
    public const string NoEviction = "noeviction";

    /// <summary>Any key, least recently used first: the usual choice for a pure cache.</summary>
    public const string AllKeysLru = "allkeys-lru";

    /// <summary>Any key, least frequently used first.</summary>
    public const string AllKeysLfu = "allkeys-lfu";

    /// <summary>Any key, at random.</summary>
    public const string AllKeysRandom = "allkeys-random";

    /// <summary>Keys with a TTL only, least recently used first.</summary>
    public const string VolatileLru = "volatile-lru";

    /// <summary>Keys with a TTL only, least frequently used first.</summary>
    public const string VolatileLfu = "volatile-lfu";

    /// <summary>Keys with a TTL only, at random.</summary>
    public const string VolatileRandom = "volatile-random";

    /// <summary>Keys with a TTL only, shortest remaining TTL first.</summary>
    public const string VolatileTtl = "volatile-ttl";

    /// <summary>
    /// Every policy, in Redis's order. Redis 8.0.2 refuses the later <c>allkeys-lrm</c>/<c>volatile-lrm</c>, so they are
    /// not offered.
    /// </summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NoEviction, AllKeysLru, AllKeysLfu, AllKeysRandom, VolatileLru, VolatileLfu, VolatileRandom, VolatileTtl,
    ];

    /// <summary>Whether <paramref name="policy"/> is one of <see cref="All"/>, spelt as Redis reports it.</summary>
    public static bool IsKnown(string? policy) => policy is not null && All.Contains(policy, StringComparer.Ordinal);

    /// <summary>Whether the policy may evict keys without a TTL (the <c>allkeys-*</c> policies).</summary>
    public static bool EvictsPermanentKeys(string? policy) =>
        policy?.StartsWith("allkeys-", StringComparison.Ordinal) == true;

    /// <summary>Whether the policy evicts only keys with a TTL (the <c>volatile-*</c> policies).</summary>
    public static bool EvictsOnlyKeysWithTtl(string? policy) =>
        policy?.StartsWith("volatile-", StringComparison.Ordinal) == true;
}
