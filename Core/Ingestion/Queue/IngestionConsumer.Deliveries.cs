using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Handing one lane's deliveries to the handler and settling each by its outcome.</summary>
public sealed partial class IngestionConsumer
{
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ingestion handler failed a batch of {Count} messages")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, int count);
}
