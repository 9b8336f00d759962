using System.Globalization;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>Turns a <see cref="RedisMemoryReport"/> into findings about what eviction can and cannot do on that server.</summary>
public static class EvictionAdvisor
{
    /// <summary>Above this share of <c>maxmemory</c>, a <c>noeviction</c> server is about to refuse writes.</summary>
    public const double NearlyFullRatio = 0.9;

    /// <summary>The codes of the findings, one per rule.</summary>
    public static class Codes
    {
        /// <summary>Keys without a TTL under an <c>allkeys-*</c> policy.</summary>
        public const string PermanentKeysEvictable = "permanent-keys-evictable";

        /// <summary><c>noeviction</c> and memory above <see cref="NearlyFullRatio"/> of the limit.</summary>
        public const string WritesAboutToFail = "writes-about-to-fail";

        /// <summary>No <c>maxmemory</c>.</summary>
        public const string NoMemoryLimit = "no-memory-limit";

        /// <summary>Keys were evicted.</summary>
        public const string KeysEvicted = "keys-evicted";

        /// <summary>A <c>volatile-*</c> policy with no key that has a TTL.</summary>
        public const string NothingEvictable = "nothing-evictable";

        /// <summary>The shards of a cluster under different policies.</summary>
        public const string ShardPoliciesDiffer = "shard-policies-differ";
    }

    /// <summary>
    /// Findings about <paramref name="report"/>, most severe first; none when the set-up is sound. On a cluster each rule
    /// is tried on each shard, since each fills, evicts and refuses writes on its own: a rule that holds on some is
    /// one finding that says on how many, in the words of the first.
    /// </summary>
    /// <param name="report">What the server reported.</param>
    /// <param name="permanentKeysExpected">
    /// Whether keys without a TTL are meant to live on this server (the vector hot tier, entries kept until invalidated),
    /// even if none are there yet.
    /// </param>
    public static IReadOnlyList<EvictionFinding> Advise(RedisMemoryReport report, bool permanentKeysExpected = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Shards.Count == 0)
        {
            return AdviseServer(report, permanentKeysExpected);
        }

        var shards = report.Shards.Count;
        var findings = report.Shards.SelectMany(shard => AdviseServer(shard, permanentKeysExpected))
            .GroupBy(finding => finding.Code)
            .Select(rule => rule.First() with { Message = $"On {rule.Count()} of {shards} shards (the first's figures): {rule.First().Message}" })
            .ToList();
        var policies = report.Shards.GroupBy(shard => shard.Policy).ToArray();
        if (policies.Length > 1)
        {
            findings.Add(new(
                EvictionSeverity.Warning,
                Codes.ShardPoliciesDiffer,
                $"The shards' eviction policies differ ({string.Join(", ", policies.Select(policy => $"{policy.Key} on {policy.Count()}"))}): "
                + "whether a key can be evicted depends on the slot it hashes to.",
                "Set the same maxmemory-policy on every primary."));
        }

        return [.. findings.OrderByDescending(finding => finding.Severity)];
    }

    private static List<EvictionFinding> AdviseServer(RedisMemoryReport report, bool permanentKeysExpected)
    {
        var findings = new List<EvictionFinding>();
        var policy = report.Policy;

        if (EvictionPolicies.EvictsPermanentKeys(policy) && (report.KeysWithoutTtl > 0 || permanentKeysExpected))
        {
            var seen = report.KeysWithoutTtl > 0
                ? $"{Count(report.KeysWithoutTtl)} of {Count(report.Keys)} keys have no TTL"
                : "Keys without a TTL are expected on this server";
            findings.Add(new(
                EvictionSeverity.Warning,
                Codes.PermanentKeysEvictable,
                $"{seen}, and the policy {policy} evicts them like any cache entry once memory reaches maxmemory.",
                $"Use {EvictionPolicies.VolatileLru} or {EvictionPolicies.VolatileTtl} so only keys with a TTL are evicted, "
                + "or keep permanent data (such as the vector hot tier) in a separate Redis database or instance."));
        }

        if (policy == EvictionPolicies.NoEviction && report.UsedMemoryRatio > NearlyFullRatio)
        {
            findings.Add(new(
                EvictionSeverity.Critical,
                Codes.WritesAboutToFail,
                $"Redis uses {Percent(report.UsedMemoryRatio.Value)} of maxmemory ({Count(report.UsedMemoryBytes)} of "
                + $"{Count(report.MaxMemoryBytes)} bytes) and the policy is {EvictionPolicies.NoEviction}: writes will start "
                + "failing with OOM errors when it is full.",
                "Raise maxmemory or the instance size, give cache entries a TTL, or move caches to an instance with an "
                + $"eviction policy such as {EvictionPolicies.AllKeysLru}."));
        }

        if (report.MaxMemoryBytes == 0)
        {
            findings.Add(new(
                EvictionSeverity.Warning,
                Codes.NoMemoryLimit,
                $"maxmemory is 0 (no limit): Redis grows until the machine runs out of memory, and the policy {policy} never applies.",
                "Set maxmemory below the machine's memory, with headroom for replication and copy-on-write during saves "
                + "(for example 75% of it)."));
        }

        if (EvictionPolicies.EvictsOnlyKeysWithTtl(policy) && report.Keys > 0 && report.KeysWithTtl == 0)
        {
            findings.Add(new(
                EvictionSeverity.Warning,
                Codes.NothingEvictable,
                $"The policy {policy} evicts only keys with a TTL, and none of the {Count(report.Keys)} keys has one: nothing "
                + $"can be evicted, so a full Redis behaves like {EvictionPolicies.NoEviction} and refuses writes.",
                "Give cache entries a TTL (a safety TTL for entries kept until invalidated), or use an allkeys-* policy if "
                + "every key is a cache entry."));
        }

        if (report.EvictedKeys > 0)
        {
            findings.Add(new(
                EvictionSeverity.Info,
                Codes.KeysEvicted,
                $"{Count(report.EvictedKeys)} keys have been evicted since the server started or its statistics were reset.",
                "Expected for a full cache; if hit rates suffer, raise maxmemory or shorten TTLs."));
        }

        // Stable sort: within one severity, rules keep the order above.
        return [.. findings.OrderByDescending(finding => finding.Severity)];
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => (ratio * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
