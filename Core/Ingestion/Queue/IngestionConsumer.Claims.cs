using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>The consumer group on each lane and taking over entries other consumers left idle.</summary>
public sealed partial class IngestionConsumer
{
    /// <summary>
    /// The most XAUTOCLAIM calls one step makes (each looks at up to ten times its count of pending entries): a long
    /// pending list of entries not yet idle is scanned across steps, from where the last one stopped, rather than
    /// holding up new work.
    /// </summary>
    private const int MaxClaimCallsPerStep = 16;

    /// <summary>
    /// The cursor XAUTOCLAIM starts from and answers once it has scanned the whole pending list (not
    /// <see cref="StreamPosition.Beginning"/>, which is "-": compared with that, a finished scan looked unfinished, so
    /// every step went on claiming from the start, and on a machine that paused for ClaimIdle between two calls it
    /// took the entries it had just claimed a second time and handled them twice in one batch).
    /// </summary>
    private static readonly RedisValue ScanStart = "0-0";

    private readonly Dictionary<IngestionLane, RedisValue> claimCursors = LanesByPriority.ToDictionary(lane => lane, _ => ScanStart);

    private async Task EnsureGroupsAsync(IDatabase database)
    {
        if (groupReady)
        {
            return;
        }

        foreach (var lane in LanesByPriority)
        {
            try
            {
                // From the beginning, so that work enqueued before any Worker ever started is handled too.
                await database.StreamCreateConsumerGroupAsync(Keys.StreamOf(lane), settings.Group, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
            {
                // Another consumer created it first.
            }
        }

        groupReady = true;
    }

    private async Task<List<Delivery>> ReclaimAsync(IDatabase database, IngestionLane lane)
    {
        var stream = Keys.StreamOf(lane);
        var claimCursor = claimCursors[lane];
        var claimed = new List<StreamEntry>();
        var deleted = 0;
        for (var call = 0; call < MaxClaimCallsPerStep && claimed.Count < Capacity; call++)
        {
            var result = await database.StreamAutoClaimAsync(
                stream, settings.Group, Name, (long)settings.ClaimIdle.TotalMilliseconds, claimCursor, Capacity - claimed.Count).ConfigureAwait(false);
            claimed.AddRange(result.ClaimedEntries.Where(entry => !entry.IsNull));
            deleted += result.DeletedIds.Length;
            claimCursor = result.NextStartId;
            if (claimCursor == ScanStart)
            {
                break;
            }
        }

        claimCursors[lane] = claimCursor;

        if (deleted > 0)
        {
            // XAUTOCLAIM has dropped them from the pending list; their entries were trimmed or deleted outside the queue.
            LogClaimedDeleted(logger, deleted, stream.ToString());
        }

        if (claimed.Count == 0)
        {
            return [];
        }

        // XAUTOCLAIM does not say how often an entry has been delivered; XPENDING does, and the lookups go out together.
        var pending = await Task.WhenAll(claimed.Select(entry =>
            database.StreamPendingMessagesAsync(stream, settings.Group, 1, Name, entry.Id, entry.Id))).ConfigureAwait(false);
        var deliveries = new List<Delivery>(claimed.Count);
        for (var index = 0; index < claimed.Count; index++)
        {
            // Missing: another consumer claimed it in between, and it is theirs now.
            if (pending[index] is [var info])
            {
                deliveries.Add(new Delivery(claimed[index], IngestionMessageFormat.Parse(claimed[index].Values), info.DeliveryCount));
            }
        }

        return deliveries;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} pending entries of {Stream} no longer existed when reclaimed (trimmed or deleted outside the queue)")]
    private static partial void LogClaimedDeleted(ILogger logger, int count, string stream);
}
