using StackExchange.Redis;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>
/// A Redis server's memory limit, eviction policy, memory use, eviction and expiry counts, and keyspace; for a cluster that
/// shows its shards, their sums, with each shard's own report in <see cref="Shards"/>.
/// </summary>
/// <param name="MaxMemoryBytes">The <c>maxmemory</c> limit; 0 means none.</param>
/// <param name="Policy">The <c>maxmemory-policy</c>, for example <c>allkeys-lru</c>.</param>
/// <param name="UsedMemoryBytes">Memory Redis has allocated (<c>used_memory</c>): what <c>maxmemory</c> is compared with.</param>
/// <param name="UsedMemoryPeakBytes">The most memory Redis has allocated since it started (<c>used_memory_peak</c>).</param>
/// <param name="EvictedKeys">Keys evicted because of <c>maxmemory</c> since the server started or its statistics were reset.</param>
/// <param name="ExpiredKeys">Keys removed because their TTL ran out, over the same period.</param>
/// <param name="Databases">Every database that holds keys.</param>
public sealed record RedisMemoryReport(
    long MaxMemoryBytes,
    string Policy,
    long UsedMemoryBytes,
    long UsedMemoryPeakBytes,
    long EvictedKeys,
    long ExpiredKeys,
    IReadOnlyList<KeyspaceDatabase> Databases)
{
    /// <summary>Keys in all databases.</summary>
    public long Keys => Databases.Sum(database => database.Keys);

    /// <summary>Keys with a TTL in all databases.</summary>
    public long KeysWithTtl => Databases.Sum(database => database.KeysWithTtl);

    /// <summary>Keys without a TTL in all databases.</summary>
    public long KeysWithoutTtl => Databases.Sum(database => database.KeysWithoutTtl);

    /// <summary>Each primary's own report, when there are several (a cluster that shows its shards); empty otherwise.</summary>
    public IReadOnlyList<RedisMemoryReport> Shards { get; init; } = [];

    /// <summary>
    /// <c>used_memory</c> as a fraction of <c>maxmemory</c>; on a cluster the fullest shard's, since it refuses writes
    /// (or evicts) first. Null when there is no limit.
    /// </summary>
    public double? UsedMemoryRatio => Shards.Count > 0
        ? Shards.Max(shard => shard.UsedMemoryRatio)
        : MaxMemoryBytes > 0 ? (double)UsedMemoryBytes / MaxMemoryBytes : null;

    /// <summary>
    /// Reads the report from every connected primary with <c>INFO</c>, which every Redis user may run and managed
    /// services allow, unlike <c>CONFIG GET</c>. The client refuses INFO without <c>allowAdmin</c>, so a connection
    /// without it is copied into a short-lived one with it.
    /// </summary>
    public static async Task<RedisMemoryReport> ReadAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        var admin = await AdminConnection.OpenAsync(redis, cancellationToken).ConfigureAwait(false);
        await using (admin.ConfigureAwait(false))
        {
            return await ReadAsync(admin, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The report of every primary of <paramref name="admin"/>: one server's, or the shards' together.</summary>
    internal static async Task<RedisMemoryReport> ReadAsync(AdminConnection admin, CancellationToken cancellationToken)
    {
        var shards = await Task.WhenAll(admin.Primaries.Select(primary => ReadAsync(primary, cancellationToken))).ConfigureAwait(false);
        return shards.Length == 1 ? shards[0] : Combine(shards);
    }

    /// <summary>
    /// The shards' reports as one: limits, memory, counts and keys summed (each shard's peak at its own moment, so the
    /// sum is an upper bound), the policy the first shard's (<see cref="EvictionAdvisor"/> tells when they differ).
    /// </summary>
    public static RedisMemoryReport Combine(IReadOnlyList<RedisMemoryReport> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            throw new ArgumentException("A cluster has at least one shard.", nameof(shards));
        }

        var databases = shards.SelectMany(shard => shard.Databases).GroupBy(database => database.Database).OrderBy(group => group.Key)
            .Select(group => new KeyspaceDatabase(
                group.Key, group.Sum(database => database.Keys), group.Sum(database => database.KeysWithTtl),
                // Each shard's sampled average, weighted by its keys with a TTL.
                group.Sum(database => database.KeysWithTtl) is var withTtl and > 0
                    ? TimeSpan.FromMilliseconds(group.Sum(database => database.AverageTtl.TotalMilliseconds * database.KeysWithTtl) / withTtl)
                    : TimeSpan.Zero))
            .ToArray();
        return new RedisMemoryReport(
            shards.Sum(shard => shard.MaxMemoryBytes), shards[0].Policy, shards.Sum(shard => shard.UsedMemoryBytes),
            shards.Sum(shard => shard.UsedMemoryPeakBytes), shards.Sum(shard => shard.EvictedKeys), shards.Sum(shard => shard.ExpiredKeys), databases)
        {
            Shards = [.. shards],
        };
    }

    /// <summary>
    /// Reads the report from one server with <c>INFO memory</c>, <c>INFO stats</c> and <c>INFO keyspace</c>; its
    /// connection must have <c>allowAdmin</c>.
    /// </summary>
    public static async Task<RedisMemoryReport> ReadAsync(IServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var memory = await server.InfoRawAsync("memory").WaitAsync(cancellationToken).ConfigureAwait(false);
        var stats = await server.InfoRawAsync("stats").WaitAsync(cancellationToken).ConfigureAwait(false);
        var keyspace = await server.InfoRawAsync("keyspace").WaitAsync(cancellationToken).ConfigureAwait(false);
        return Parse(memory ?? "", stats ?? "", keyspace ?? "");
    }

    /// <summary>Builds the report from the texts of the three INFO sections; a missing field is a <see cref="FormatException"/>.</summary>
    public static RedisMemoryReport Parse(string memoryInfo, string statsInfo, string keyspaceInfo)
    {
        var memory = RedisInfoParser.ParseFields(memoryInfo);
        var stats = RedisInfoParser.ParseFields(statsInfo);
        return new RedisMemoryReport(
            RedisInfoParser.GetNumber(memory, "memory", "maxmemory"),
            RedisInfoParser.GetText(memory, "memory", "maxmemory_policy"),
            RedisInfoParser.GetNumber(memory, "memory", "used_memory"),
            RedisInfoParser.GetNumber(memory, "memory", "used_memory_peak"),
            RedisInfoParser.GetNumber(stats, "stats", "evicted_keys"),
            RedisInfoParser.GetNumber(stats, "stats", "expired_keys"),
            RedisInfoParser.ParseKeyspace(keyspaceInfo));
    }
}
