using StackExchange.Redis;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>A Redis server's memory limit, eviction policy, memory use, eviction and expiry counts, and keyspace.</summary>
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

    /// <summary><c>used_memory</c> as a fraction of <c>maxmemory</c>; null when there is no limit.</summary>
    public double? UsedMemoryRatio => MaxMemoryBytes > 0 ? (double)UsedMemoryBytes / MaxMemoryBytes : null;

    /// <summary>
    /// Reads the report from the first connected primary with <c>INFO</c>, which every Redis user may run and managed
    /// services allow, unlike <c>CONFIG GET</c>. The client refuses INFO without <c>allowAdmin</c>, so a connection
    /// without it is copied into a short-lived one with it. On a cluster that shows its shards, each shard has its own
    /// report; this is the first one's.
    /// </summary>
    public static async Task<RedisMemoryReport> ReadAsync(IConnectionMultiplexer redis, CancellationToken cancellationToken)
    {
        var admin = await AdminConnection.OpenAsync(redis, cancellationToken).ConfigureAwait(false);
        await using (admin.ConfigureAwait(false))
        {
            return await ReadAsync(admin.Server, cancellationToken).ConfigureAwait(false);
        }
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
