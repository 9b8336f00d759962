using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// What a search served by a read replica must have seen: the primary's WAL position at each invalidation of cached
/// search results, kept in Redis under the tag that was dropped (a tenant's, searches without a tenant, the whole
/// index). A replica that has not replayed that far may answer from before a write whose invalidation already ran;
/// such an answer is asked again of the primary, so no search result older than an invalidation is returned, or
/// cached again, after it. The positions are written by every host with a replica, readers and writers alike.
/// </summary>
/// <param name="primary">The primary, asked for its WAL position at an invalidation.</param>
/// <param name="redis">Where the positions are kept: the result cache's Redis.</param>
/// <param name="keyPrefix">The result cache's key prefix (<c>ResultCache:KeyPrefix</c>).</param>
/// <param name="indexName">The embedding version's index: positions, like cached results, are per version.</param>
/// <param name="logger">Says when the primary's position could not be read.</param>
internal sealed partial class ReplicaFreshness(
    NpgsqlDataSource primary, IConnectionMultiplexer redis, string keyPrefix, string indexName, ILogger logger)
{
    /// <summary>
    /// How long a position is kept after the last invalidation of its tag: a replica that is further behind than this
    /// is no longer caught by it (a replica that far behind is broken, and its lag is on the server's own metrics).
    /// </summary>
    internal static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>
    /// Raises the key's position to ARGV[1] (never lowers it: invalidations may land out of order) and keeps it ARGV[2]
    /// milliseconds more. Positions are byte offsets in the WAL, exact in Lua's numbers up to 2^53 (8 PiB of WAL).
    /// </summary>
    private const string RaiseScript = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > current then
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        else
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    /// <summary>
    /// The primary's WAL position now, as a byte offset. Asked after the write's commit, so it is at or past the
    /// commit's record: a replica that has replayed to it sees the write.
    /// </summary>
    private const string PrimaryPositionSql = "SELECT (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint";

    /// <summary>
    /// The replica's replayed WAL position as a byte offset; NULL on a server that is not in recovery (a promoted
    /// replica is the primary and sees every write). Asked before the search, in its round trip: what a search reads
    /// is at least as new as the position read before it.
    /// </summary>
    internal const string ReplayedPositionSql = "SELECT (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint";

    /// <summary>Records, before a tenant's cached results are dropped, that its searches and those without a tenant must see the primary as it is now.</summary>
    public Task RecordTenantAsync(string tenant, CancellationToken cancellationToken) =>
        RecordAsync([SearchResultKeys.TenantTag(indexName, tenant), SearchResultKeys.TenantTag(indexName, tenant: null)], cancellationToken);

    /// <summary>Records, before every cached result of the index is dropped, that every search must see the primary as it is now.</summary>
    public Task RecordAllAsync(CancellationToken cancellationToken) =>
        RecordAsync([SearchResultKeys.IndexTag(indexName)], cancellationToken);

    /// <summary>The WAL position a search of <paramref name="tenant"/> (null: without a tenant) must have seen; 0 when nothing was recorded.</summary>
    public async Task<long> RequiredAsync(string? tenant, CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        // Two reads, not one MGET: on a cluster the keys live in different slots.
        var ofTenant = database.StringGetAsync(Key(SearchResultKeys.TenantTag(indexName, tenant)));
        var ofIndex = database.StringGetAsync(Key(SearchResultKeys.IndexTag(indexName)));
        var positions = await Task.WhenAll(ofTenant, ofIndex).WaitAsync(cancellationToken).ConfigureAwait(false);
        return positions.Max(position => position.IsNull ? 0 : long.Parse(position.ToString(), CultureInfo.InvariantCulture));
    }

    /// <summary>Records the primary's position under <paramref name="tags"/>; Redis's failures are the caller's, as the invalidation's own are.</summary>
    private async Task RecordAsync(string[] tags, CancellationToken cancellationToken)
    {
        long position;
        try
        {
            position = (long)(await ScalarAsync(Command(primary, PrimaryPositionSql), cancellationToken).ConfigureAwait(false))!;
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The write is committed and its results are still dropped: only a replica behind it is not caught.
            LogPositionUnread(logger, exception, indexName);
            return;
        }

        var database = redis.GetDatabase();
        var lifetime = (long)Lifetime.TotalMilliseconds;
        await Task.WhenAll(tags.Select(tag => database.ScriptEvaluateAsync(RaiseScript, [Key(tag)], [position, lifetime])))
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private RedisKey Key(string tag) => SearchResultKeys.WalPosition(keyPrefix, tag);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "The primary's WAL position could not be read at an invalidation of {Index}'s search results: until the read replica catches up, it may answer searches, and they be cached, from before the write")]
    private static partial void LogPositionUnread(ILogger logger, Exception exception, string index);
}
