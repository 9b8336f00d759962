using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

public sealed partial class IngestionQueue
{
    /// <summary>The window <see cref="StatisticsAsync"/> averages the rate over; consumers keep per-second counts this long and a little longer.</summary>
    private const int RateWindowSeconds = 60;

    /// <summary>How much work the queue holds: XLEN of both streams, and the group's pending count and lag (XINFO GROUPS).</summary>
    public async Task<IngestionQueueDepth> DepthAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var length = database.StreamLengthAsync(Keys.Stream);
        var deadLetters = database.StreamLengthAsync(Keys.DeadLetters);
        var group = ReadGroupAsync(database);
        await Task.WhenAll(length, deadLetters, group).WaitAsync(cancellationToken).ConfigureAwait(false);

        var (pending, lag, consumers) = group.Result is { } info
            // Handled entries are deleted, so what is on the stream and not pending has not been delivered: the
            // figure XINFO gives as lag, which it leaves out (null) when it cannot tell, for example after a trim.
            ? (info.PendingMessageCount, info.Lag ?? Math.Max(0, length.Result - info.PendingMessageCount), info.ConsumerCount)
            : (0L, length.Result, 0);
        return new IngestionQueueDepth(length.Result, pending, lag, deadLetters.Result, consumers);
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

    private async Task<StreamGroupInfo?> ReadGroupAsync(IDatabase database)
    {
        try
        {
            var groups = await database.StreamGroupInfoAsync(Keys.Stream).ConfigureAwait(false);
            return groups.Where(group => group.Name == settings.Group).Select(group => (StreamGroupInfo?)group).FirstOrDefault();
        }
        catch (RedisServerException exception) when (exception.Message.Contains("no such key", StringComparison.OrdinalIgnoreCase))
        {
            // No stream yet: nothing has been enqueued and no consumer has started.
            return null;
        }
    }
}
