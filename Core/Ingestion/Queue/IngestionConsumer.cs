using System.Diagnostics;
using Microsoft.Extensions.Logging;
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
    /// <summary>
    /// The most XAUTOCLAIM calls one step makes (each looks at up to ten times its count of pending entries): a long
    /// pending list of entries not yet idle is scanned across steps, from where the last one stopped, rather than
    /// holding up new work.
    /// </summary>
    private const int MaxClaimCallsPerStep = 16;

    private static readonly TimeSpan DepthInterval = TimeSpan.FromSeconds(1);

    /// <summary>The lanes in the order a step looks at them.</summary>
    private static readonly IngestionLane[] LanesByPriority = [IngestionLane.Interactive, IngestionLane.Bulk];

    private readonly IConnectionMultiplexer redis;
    private readonly IngestionQueue queue;
    private readonly IIngestionHandler handler;
    private readonly IngestionQueueOptions settings;
    private readonly TimeProvider time;
    private readonly ILogger<IngestionConsumer> logger;
    /// <summary>
    /// The cursor XAUTOCLAIM starts from and answers once it has scanned the whole pending list (not
    /// <see cref="StreamPosition.Beginning"/>, which is "-": compared with that, a finished scan looked unfinished, so
    /// every step went on claiming from the start, and on a machine that paused for ClaimIdle between two calls it
    /// took the entries it had just claimed a second time and handled them twice in one batch).
    /// </summary>
    private static readonly RedisValue ScanStart = "0-0";

    private readonly Dictionary<IngestionLane, RedisValue> claimCursors = LanesByPriority.ToDictionary(lane => lane, _ => ScanStart);
    private bool groupReady;
    private int stepping;

    /// <summary>A consumer of <paramref name="queue"/> (whose settings it follows, name included) on <paramref name="redis"/>.</summary>
    internal IngestionConsumer(IConnectionMultiplexer redis, IngestionQueue queue, IIngestionHandler handler, TimeProvider time, ILogger<IngestionConsumer> logger)
    {
        this.redis = redis ?? throw new ArgumentNullException(nameof(redis));
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
        ChannelMessageQueue? subscription = null;
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
                    subscription ??= await SubscribeAsync(wake).ConfigureAwait(false);
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
            if (subscription is not null)
            {
                try
                {
                    await subscription.UnsubscribeAsync().ConfigureAwait(false);
                }
                catch (RedisException)
                {
                    // Stopping anyway; the server drops the subscription with the connection.
                }
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

    private async Task<IngestionBatchResult> HandleDeliveriesAsync(
        IDatabase database, RedisKey stream, List<Delivery> deliveries, int reclaimed, CancellationToken cancellationToken)
    {
        var read = deliveries.Count - reclaimed;
        // Entries that can never be handled are settled first, whatever the handler then does.
        var final = new List<Failure>();
        var work = new List<Delivery>(deliveries.Count);
        foreach (var delivery in deliveries)
        {
            if (delivery.Parsed.Message is null)
            {
                final.Add(new Failure(delivery, delivery.Parsed.Error!, Final: true, DeadLetterReasons.Malformed));
            }
            else if (delivery.Deliveries > settings.MaxDeliveries)
            {
                final.Add(new Failure(
                    delivery,
                    $"Delivered {delivery.Deliveries - 1} times without an outcome: the consumers handling it stopped (crashed, or were killed) each time.",
                    Final: true,
                    DeadLetterReasons.Abandoned));
            }
            else
            {
                work.Add(delivery);
            }
        }

        var (_, deadLettered) = await FailAsync(database, stream, final).ConfigureAwait(false);
        if (work.Count == 0)
        {
            return new IngestionBatchResult(reclaimed, read, 0, 0, deadLettered);
        }

        await BeginAsync(database, work).ConfigureAwait(false);
        var outcomes = await HandleAsync(work, cancellationToken).ConfigureAwait(false);
        var succeeded = new List<Delivery>(work.Count);
        var failed = new List<Failure>();
        for (var index = 0; index < work.Count; index++)
        {
            var message = work[index].Parsed.Message!;
            if (outcomes[index].Succeeded)
            {
                succeeded.Add(work[index]);
                queue.Telemetry.RecordProcessed(message.Kind);
            }
            else
            {
                var rejected = outcomes[index].Final;
                failed.Add(new Failure(work[index], outcomes[index].Error!, rejected, rejected ? DeadLetterReasons.Rejected : DeadLetterReasons.Failed));
                queue.Telemetry.RecordFailed(message.Kind);
            }
        }

        await AcknowledgeAsync(database, stream, succeeded).ConfigureAwait(false);
        var results = await FailAsync(database, stream, failed).ConfigureAwait(false);
        return new IngestionBatchResult(reclaimed, read, succeeded.Count, results.Retrying, deadLettered + results.DeadLettered);
    }

    private async Task<IReadOnlyList<MessageOutcome>> HandleAsync(List<Delivery> work, CancellationToken cancellationToken)
    {
        var messages = work.Select(delivery => delivery.Parsed.Message! with { Deliveries = delivery.Deliveries }).ToList();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcomes = await handler.HandleAsync(messages, cancellationToken).ConfigureAwait(false);
            if (outcomes is null || outcomes.Count != messages.Count)
            {
                var error = $"The handler returned {outcomes?.Count ?? 0} outcomes for {messages.Count} messages.";
                return [.. messages.Select(_ => MessageOutcome.Failure(error))];
            }

            return outcomes;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the batch stays pending, to be reclaimed after ClaimIdle, and costs none of its deliveries' failures.
            throw;
        }
        catch (Exception exception)
        {
            LogHandlerFailed(logger, exception, messages.Count);
            var error = $"{exception.GetType().Name}: {exception.Message}";
            return [.. messages.Select(_ => MessageOutcome.Failure(error))];
        }
        finally
        {
            queue.Telemetry.RecordBatch(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Listens for enqueues, so an idle consumer reads at once instead of at the end of its wait.</summary>
    private async Task<ChannelMessageQueue> SubscribeAsync(SemaphoreSlim wake)
    {
        var subscription = await redis.GetSubscriber().SubscribeAsync(Keys.Wake).ConfigureAwait(false);
        subscription.OnMessage(_ =>
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
        });
        return subscription;
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingestion consumer {Consumer} reads {Stream}, then {BulkStream}, as group {Group}")]
    private static partial void LogStarted(ILogger logger, string consumer, string stream, string bulkStream, string group);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingestion consumer {Consumer}: a step failed; trying again shortly")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string consumer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ingestion handler failed a batch of {Count} messages")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} pending entries of {Stream} no longer existed when reclaimed (trimmed or deleted outside the queue)")]
    private static partial void LogClaimedDeleted(ILogger logger, int count, string stream);
}
