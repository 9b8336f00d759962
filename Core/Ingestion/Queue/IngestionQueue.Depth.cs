using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

public sealed partial class IngestionQueue
{
    /// <summary>The window <see cref="StatisticsAsync"/> averages the rate over; consumers keep per-second counts this long and a little longer.</summary>
    private const int RateWindowSeconds = 60;

    /// <summary>
    /// How much work the queue holds, both lanes together: XLEN of the work and dead-letter streams, and the group's
    /// pending count and lag (XINFO GROUPS).
    /// </summary>
    public async Task<IngestionQueueDepth> DepthAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var interactive = LaneDepthAsync(database, Keys.Stream);
        var bulk = LaneDepthAsync(database, Keys.BulkStream);
        var deadLetters = database.StreamLengthAsync(Keys.DeadLetters);
        await Task.WhenAll(interactive, bulk, deadLetters).WaitAsync(cancellationToken).ConfigureAwait(false);

        var (first, second) = (await interactive.ConfigureAwait(false), await bulk.ConfigureAwait(false));
        return new IngestionQueueDepth(
            first.Length + second.Length,
            first.Pending + second.Pending,
            first.Lag + second.Lag,
            await deadLetters.ConfigureAwait(false),
            // Every consumer reads both lanes' groups, and joins each at its first read of it.
            Math.Max(first.Consumers, second.Consumers));
    }

    /// <summary>Progress of all consumers together: totals, the rate over the last minute, and the last error.</summary>
    public async Task<IngestionStatistics> StatisticsAsync(CancellationToken cancellationToken)
    {
        var nowSecond = time.GetUtcNow().ToUnixTimeSeconds();
        RedisValue[] fields =
        [
            "processed", "failed", "deadLettered", "lastError", "lastErrorAt", "consumersRemoved",
            .. Enumerable.Range(0, RateWindowSeconds).Select(back => (RedisValue)SecondField(nowSecond - back)),
        ];
        var values = await redis.GetDatabase().HashGetAsync(Keys.Statistics, fields).WaitAsync(cancellationToken).ConfigureAwait(false);
        var perSecond = values.Skip(6).Sum(value => (long?)value ?? 0);
        return new IngestionStatistics(
            (long?)values[0] ?? 0,
            (long?)values[1] ?? 0,
            (long?)values[2] ?? 0,
            perSecond / (double)RateWindowSeconds,
            values[3].IsNullOrEmpty ? null : values[3].ToString(),
            (long?)values[4] is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null,
            (long?)values[5] ?? 0);
    }

    /// <summary>The statistics field counting the messages acknowledged in one second.</summary>
    internal static string SecondField(long unixSeconds) => "s:" + unixSeconds.ToString(CultureInfo.InvariantCulture);

    private async Task<(long Length, long Pending, long Lag, int Consumers)> LaneDepthAsync(IDatabase database, RedisKey stream)
    {
        var length = database.StreamLengthAsync(stream);
        var group = ReadGroupAsync(database, stream);
        await Task.WhenAll(length, group).ConfigureAwait(false);
        var (entries, info) = (await length.ConfigureAwait(false), await group.ConfigureAwait(false));
        return info is { } found
            // Handled entries are deleted, so what is on the stream and not pending has not been delivered: the
            // figure XINFO gives as lag, which it leaves out (null) when it cannot tell, for example after a trim.
            ? (entries, found.PendingMessageCount, found.Lag ?? Math.Max(0, entries - found.PendingMessageCount), found.ConsumerCount)
            : (entries, 0L, entries, 0);
    }

    private async Task<StreamGroupInfo?> ReadGroupAsync(IDatabase database, RedisKey stream)
    {
        try
        {
            var groups = await database.StreamGroupInfoAsync(stream).ConfigureAwait(false);
            return groups.Where(group => group.Name == settings.Group).Select(group => (StreamGroupInfo?)group).FirstOrDefault();
        }
        catch (RedisServerException exception) when (exception.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // No stream yet: nothing has been enqueued on this lane and no consumer has started.
            return null;
        }
    }
}
