using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

public sealed partial class IngestionConsumer
{
    /// <summary>
    /// The longest error text kept (in the dead letter and the operation): enough for an exception's message, while a
    /// handler that puts a whole document in its error cannot bloat every dead letter.
    /// </summary>
    private const int MaxErrorLength = 2_000;

    private async Task BeginAsync(IDatabase database, List<Delivery> work)
    {
        RedisKey[] operations = [.. work.Select(delivery => delivery.Parsed.OperationId!).Distinct(StringComparer.Ordinal).Select(Keys.Operation)];
        await database.ScriptEvaluateAsync(IngestionScripts.Begin, operations, [Now()]).ConfigureAwait(false);
    }

    private async Task AcknowledgeAsync(IDatabase database, RedisKey stream, List<Delivery> succeeded)
    {
        if (succeeded.Count == 0)
        {
            return;
        }

        RedisKey[] keys = [stream, Keys.Statistics, .. succeeded.Select(delivery => Keys.Operation(delivery.Parsed.OperationId!))];
        RedisValue[] arguments =
        [
            settings.Group,
            Now(),
            (long)settings.OperationTimeToLive.TotalMilliseconds,
            IngestionQueue.SecondField(time.GetUtcNow().ToUnixTimeSeconds()),
            .. succeeded.Select(delivery => delivery.Entry.Id),
        ];
        await database.ScriptEvaluateAsync(IngestionScripts.Acknowledge, keys, arguments).ConfigureAwait(false);
    }

    private async Task<(int Retrying, int DeadLettered)> FailAsync(IDatabase database, RedisKey stream, List<Failure> failures)
    {
        if (failures.Count == 0)
        {
            return (0, 0);
        }

        var keys = new List<RedisKey> { stream, Keys.DeadLetters, Keys.Statistics };
        var arguments = new List<RedisValue>
        {
            settings.Group,
            Name,
            Now(),
            (long)settings.OperationTimeToLive.TotalMilliseconds,
            settings.MaxDeliveries,
            settings.DeadLetterMaxLength,
        };
        foreach (var failure in failures)
        {
            var operationId = failure.Delivery.Parsed.OperationId;
            keys.Add(operationId is null ? stream : Keys.Operation(operationId));
            arguments.Add(failure.Delivery.Entry.Id);
            arguments.Add(operationId ?? string.Empty);
            arguments.Add(failure.Final ? "1" : "0");
            arguments.Add(failure.Error.Length <= MaxErrorLength ? failure.Error : failure.Error[..MaxErrorLength] + "…");
            arguments.Add(failure.Delivery.Entry.Values.Length * 2);
            foreach (var field in failure.Delivery.Entry.Values)
            {
                arguments.Add(field.Name);
                arguments.Add(field.Value);
            }
        }

        var results = (int[])(await database.ScriptEvaluateAsync(IngestionScripts.Fail, [.. keys], [.. arguments]).ConfigureAwait(false))!;
        var retrying = 0;
        var deadLettered = 0;
        for (var index = 0; index < failures.Count; index++)
        {
            var failure = failures[index];
            switch (results[index])
            {
                case 1:
                    retrying++;
                    break;
                case 2:
                    deadLettered++;
                    queue.Telemetry.RecordDeadLettered(failure.Reason);
                    LogDeadLettered(logger, failure.Delivery.Entry.Id.ToString(), failure.Delivery.Parsed.OperationId, failure.Reason, failure.Error);
                    break;
                default:
                    // Another consumer reclaimed it meanwhile; its outcome is that consumer's to settle.
                    break;
            }
        }

        return (retrying, deadLettered);
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered entry {EntryId} of operation {OperationId} ({Reason}): {Error}")]
    private static partial void LogDeadLettered(ILogger logger, string entryId, string? operationId, string reason, string error);

    /// <summary>An entry in hand: what it says, and how many times it has been delivered (this delivery included).</summary>
    private sealed record Delivery(StreamEntry Entry, ParsedEntry Parsed, int Deliveries);

    /// <summary>A delivery that failed; a final one (unreadable, abandoned, rejected) goes to the dead letters whatever its delivery count.</summary>
    private sealed record Failure(Delivery Delivery, string Error, bool Final, string Reason);

    /// <summary>The <c>reason</c> tag of the dead-letter counter.</summary>
    private static class DeadLetterReasons
    {
        public const string Failed = "failed";
        public const string Rejected = "rejected";
        public const string Malformed = "malformed";
        public const string Abandoned = "abandoned";
    }
}
