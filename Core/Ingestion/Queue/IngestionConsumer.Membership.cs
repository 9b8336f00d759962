using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

public sealed partial class IngestionConsumer
{
    /// <summary>The longest a running consumer goes between looks for stopped consumers to remove.</summary>
    private static readonly TimeSpan MaxRemovalInterval = TimeSpan.FromMinutes(1);

    /// <summary>How often <see cref="RunAsync"/> looks for stopped consumers: every <c>IdleConsumerTimeout</c>, at most a minute apart.</summary>
    private TimeSpan RemovalInterval => settings.IdleConsumerTimeout < MaxRemovalInterval ? settings.IdleConsumerTimeout : MaxRemovalInterval;

    /// <summary>
    /// Removes from the group (on both lanes) the other consumers that hold no entry and have not read for <c>IdleConsumerTimeout</c>
    /// (stopped Workers, whose entries have been reclaimed), never this one; returns their names. Whether a consumer
    /// holds entries is checked in the same atomic step that removes it, so no pending entry is ever lost with it.
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveIdleConsumersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            IngestionScripts.RemoveIdleConsumers,
            [Keys.Stream, Keys.BulkStream, Keys.Statistics],
            [settings.Group, Name, (long)settings.IdleConsumerTimeout.TotalMilliseconds]).ConfigureAwait(false);
        string[] removed = [.. ((RedisResult[])result!).Select(name => name.ToString())];
        queue.Telemetry.RecordConsumersRemoved(removed.Length);
        foreach (var name in removed)
        {
            LogConsumerRemoved(logger, name, settings.Group, settings.IdleConsumerTimeout);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed consumer {Consumer} from group {Group}: it held no entry and had not read for {IdleConsumerTimeout}")]
    private static partial void LogConsumerRemoved(ILogger logger, string consumer, string group, TimeSpan idleConsumerTimeout);
}
