using Microsoft.Extensions.Logging;
using RedisAspire.Core.Connections;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// The consumer side of the ingestion queue (the Worker's): reads the streams as one named consumer of the group,
/// the interactive lane first and the bulk lane only when the interactive one has nothing, each time first taking
/// over entries other consumers left idle; hands batches of one lane to an <see cref="IIngestionHandler"/>,
/// acknowledges successes, retries failures and dead-letters messages that keep failing or cannot be read.
/// Processing is at least once. A host runs <see cref="RunAsync"/> (for example from a BackgroundService's
/// ExecuteAsync); tests drive <see cref="ProcessOnceAsync"/> one step at a time.
/// </summary>
public sealed partial class IngestionConsumer
{
    private static readonly TimeSpan DepthInterval = TimeSpan.FromSeconds(1);

    /// <summary>The lanes in the order a step looks at them.</summary>
    private static readonly IngestionLane[] LanesByPriority = [IngestionLane.Interactive, IngestionLane.Bulk];

    private readonly IConnectionMultiplexer redis;
    private readonly IChannelSubscriptions subscriptions;
    private readonly IngestionQueue queue;
    private readonly IIngestionHandler handler;
    private readonly IngestionQueueOptions settings;
    private readonly TimeProvider time;
    private readonly ILogger<IngestionConsumer> logger;
    private bool groupReady;
    private int stepping;

    /// <summary>
    /// A consumer of <paramref name="queue"/> (whose settings it follows, name included) on <paramref name="redis"/>,
    /// woken by enqueues through <paramref name="subscriptions"/>.
    /// </summary>
    internal IngestionConsumer(
        IConnectionMultiplexer redis, IChannelSubscriptions subscriptions, IngestionQueue queue, IIngestionHandler handler, TimeProvider time, ILogger<IngestionConsumer> logger)
    {
        this.redis = redis ?? throw new ArgumentNullException(nameof(redis));
        this.subscriptions = subscriptions ?? throw new ArgumentNullException(nameof(subscriptions));
        this.queue = queue ?? throw new ArgumentNullException(nameof(queue));
        this.handler = handler ?? throw new ArgumentNullException(nameof(handler));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        settings = queue.Settings;
        Name = settings.EffectiveConsumerName;
    }

    /// <summary>This consumer's name in the group.</summary>
    public string Name { get; }

    /// <summary>The most messages one step holds: <c>BatchSize</c>, and never more than <c>MaxDocumentsInFlight</c>.</summary>
    public int Capacity => Math.Min(settings.BatchSize, settings.MaxDocumentsInFlight);

    private IngestionQueueKeys Keys => queue.Keys;

    /// <summary>
    /// Runs steps until cancelled: straight on while there is work, otherwise after <c>IdleWait</c> or as soon as an
    /// enqueue is announced; now and then it also removes stopped consumers (<see cref="RemoveIdleConsumersAsync"/>).
    /// A failing step (Redis unreachable, ...) is logged and tried again after <c>IdleWait</c>.
    /// Cancelling leaves the batch in hand pending, to be reclaimed after <c>ClaimIdle</c>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var wake = new SemaphoreSlim(0, 1);
        Action<RedisChannel, RedisValue> onEnqueued = (_, _) => Wake(wake);
        var subscribed = false;
        LogStarted(logger, Name, Keys.Stream.ToString(), Keys.BulkStream.ToString(), settings.Group);
        try
        {
            long? lastDepth = null;
            long? lastRemoval = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                var idle = true;
                try
                {
                    if (!subscribed)
                    {
                        // Once: a subscription that fails now is made again when Redis comes back.
                        subscribed = true;
                        await subscriptions.SubscribeAsync(Keys.Wake, onEnqueued, cancellationToken).ConfigureAwait(false);
                    }

                    var result = await ProcessOnceAsync(cancellationToken).ConfigureAwait(false);
                    idle = result.Received == 0;
                    // The gauges' figures: at most once a second, as a busy consumer takes many steps a second.
                    if (lastDepth is not { } last || time.GetElapsedTime(last) >= DepthInterval)
                    {
                        queue.Telemetry.RecordDepth(await queue.DepthAsync(cancellationToken).ConfigureAwait(false));
                        lastDepth = time.GetTimestamp();
                    }

                    if (lastRemoval is not { } removal || time.GetElapsedTime(removal) >= RemovalInterval)
                    {
                        await RemoveIdleConsumersAsync(cancellationToken).ConfigureAwait(false);
                        lastRemoval = time.GetTimestamp();
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception) when (exception is RedisException or TimeoutException)
                {
                    LogStepFailed(logger, exception, Name);
                }

                if (idle)
                {
                    try
                    {
                        await wake.WaitAsync(settings.IdleWait, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            if (subscribed)
            {
                await subscriptions.UnsubscribeAsync(Keys.Wake, onEnqueued, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One step, on the interactive lane, or on the bulk lane when the interactive one has nothing to give: takes over
    /// entries idle for <c>ClaimIdle</c> (XAUTOCLAIM), reads new ones (XREADGROUP) up to <see cref="Capacity"/> in all, dead-letters the unreadable and those whose consumers kept stopping, hands the rest
    /// to the handler, and settles each outcome. Steps of one consumer never overlap.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another step of this consumer is running.</exception>
    internal async Task<IngestionBatchResult> ProcessOnceAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref stepping, 1) == 1)
        {
            throw new InvalidOperationException("A step of this consumer is already running; steps of one consumer never overlap, so that it holds at most one batch.");
        }

        try
        {
            return await StepAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref stepping, 0);
        }
    }

    private async Task<IngestionBatchResult> StepAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var database = redis.GetDatabase();
        await EnsureGroupsAsync(database).ConfigureAwait(false);
        foreach (var lane in LanesByPriority)
        {
            var stream = Keys.StreamOf(lane);
            List<Delivery> deliveries;
            int reclaimed;
            try
            {
                deliveries = await ReclaimAsync(database, lane).ConfigureAwait(false);
                reclaimed = deliveries.Count;
                var fresh = reclaimed < Capacity
                    ? await database.StreamReadGroupAsync(stream, settings.Group, Name, StreamPosition.NewMessages, Capacity - reclaimed).ConfigureAwait(false)
                    : [];
                deliveries.AddRange(fresh.Select(entry => new Delivery(entry, IngestionMessageFormat.Parse(entry.Values), 1)));
            }
            catch (RedisServerException exception) when (exception.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // A stream or the group was deleted: create them again at the next step.
                groupReady = false;
                return IngestionBatchResult.Empty;
            }

            queue.Telemetry.RecordReclaimed(reclaimed);
            if (deliveries.Count > 0)
            {
                return await HandleDeliveriesAsync(database, stream, deliveries, reclaimed, cancellationToken).ConfigureAwait(false);
            }
        }

        return IngestionBatchResult.Empty;
    }

    /// <summary>Called on every enqueue, so an idle consumer reads at once instead of at the end of its wait.</summary>
    private static void Wake(SemaphoreSlim wake)
    {
        try
        {
            // At most one wake-up is kept: any number of enqueues during a step call for one more read, not many.
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
        catch (Exception exception) when (exception is SemaphoreFullException or ObjectDisposedException)
        {
            // Another enqueue got there first, or the loop has ended.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingestion consumer {Consumer} reads {Stream}, then {BulkStream}, as group {Group}")]
    private static partial void LogStarted(ILogger logger, string consumer, string stream, string bulkStream, string group);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion consumer {Consumer}: a step failed; trying again shortly")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string consumer);
}
