using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The replicas that run the result cache on one Redis, as they report themselves: each writes its counters to a key of
/// its own that expires after <see cref="ResultCacheOptions.ReplicaReportTimeToLive"/>, so a replica that stops
/// reporting disappears by itself, and adds its id to a sorted set by report time, so readers need no SCAN.
/// </summary>
public sealed class CacheReplicas(
    IConnectionMultiplexer redis, ResultCache cache, CacheReplicaIdentity identity, IOptions<ResultCacheOptions> options, TimeProvider time)
{
    /// <summary>The most replicas read: far more than any deployment runs, a bound on what one read may cost.</summary>
    public const int MaxReplicas = 256;

    private readonly ResultCacheOptions settings = options.Value;
    private readonly CacheKeys keys = new(options.Value.KeyPrefix);

    /// <summary>This replica's identity.</summary>
    public CacheReplicaIdentity Identity => identity;

    /// <summary>This replica's counters now.</summary>
    public CacheReplicaReport Current() =>
        new(identity.Id, identity.Name, identity.StartedAt, time.GetUtcNow(), cache.Statistics.Snapshot(), cache.L1Count);

    /// <summary>
    /// Writes this replica's counters (<c>SET PREFIX-replica:ID ... PX ttl</c>), adds it to the index with its report
    /// time, drops from the index the replicas that stopped reporting, and renews the index's own expiry: once every
    /// replica has stopped, nothing of them stays behind.
    /// </summary>
    public async Task PublishAsync(CancellationToken cancellationToken)
    {
        var report = Current();
        var ttl = settings.ReplicaReportTimeToLive;
        var database = redis.GetDatabase();

        // Separate commands, not a script: the index and the reports are in different slots on a cluster.
        var batch = database.CreateBatch();
        var written = batch.StringSetAsync(keys.Replica(identity.Id), JsonSerializer.Serialize(report), ttl);
        var indexed = batch.SortedSetAddAsync(keys.Replicas, identity.Id, report.ReportedAt.ToUnixTimeMilliseconds());
        var pruned = batch.SortedSetRemoveRangeByScoreAsync(
            keys.Replicas, double.NegativeInfinity, (report.ReportedAt - ttl).ToUnixTimeMilliseconds(), Exclude.Stop);
        var renewed = batch.KeyExpireAsync(keys.Replicas, ttl);
        batch.Execute();
        await Task.WhenAll(written, indexed, pruned, renewed).WaitAsync(settings.RedisTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every live replica's last report, this one's as it is now, ordered by name then id. Reports that expired are
    /// left out even while the index still names them.
    /// </summary>
    public async Task<IReadOnlyList<CacheReplicaReport>> ReadAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var ids = await database.SortedSetRangeByRankAsync(keys.Replicas, 0, MaxReplicas - 1, Order.Descending)
            .WaitAsync(settings.RedisTimeout, cancellationToken).ConfigureAwait(false);
        var others = ids.Select(id => id.ToString()).Where(id => id != identity.Id).ToList();
        var stored = await Task.WhenAll(others.Select(id => database.StringGetAsync(keys.Replica(id))))
            .WaitAsync(settings.RedisTimeout, cancellationToken).ConfigureAwait(false);
        return [.. stored.Select(Parse).OfType<CacheReplicaReport>().Append(Current())
            .OrderBy(report => report.Name, StringComparer.Ordinal).ThenBy(report => report.Id, StringComparer.Ordinal)];
    }

    // A report of another version, or written by hand, is left out rather than failing every read.
    private static CacheReplicaReport? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CacheReplicaReport>((string)value!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
