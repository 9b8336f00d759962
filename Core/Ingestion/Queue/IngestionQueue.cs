using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// The producer side of the ingestion queue (the Api's): enqueues writes and deletes as one operation each, on the
/// interactive or the bulk lane (<see cref="IngestionLane"/>), reports
/// operations, depth and progress, and lists and re-drives dead letters. Consumers are <see cref="IngestionConsumer"/>.
/// </summary>
public sealed partial class IngestionQueue
{
    private readonly IConnectionMultiplexer redis;
    private readonly IngestionQueueOptions settings;
    private readonly IngestionQueueTelemetry telemetry;
    private readonly TimeProvider time;

    /// <summary>Creates the queue on <paramref name="redis"/> with the given settings.</summary>
    internal IngestionQueue(IConnectionMultiplexer redis, IOptions<IngestionQueueOptions> options, IngestionQueueTelemetry telemetry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.redis = redis ?? throw new ArgumentNullException(nameof(redis));
        this.telemetry = telemetry ?? throw new ArgumentNullException(nameof(telemetry));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        settings = options.Value;
        Keys = new IngestionQueueKeys(settings.KeyPrefix);
    }

    /// <summary>The queue's Redis names.</summary>
    public IngestionQueueKeys Keys { get; }

    /// <summary>The settings in force.</summary>
    public IngestionQueueOptions Settings => settings;

    /// <summary>The meter the queue and its consumers record on.</summary>
    internal IngestionQueueTelemetry Telemetry => telemetry;

    /// <summary>Enqueues a write of <paramref name="document"/>; returns the operation id.</summary>
    /// <exception cref="ArgumentException">The document is null or not valid; ParamName names the field.</exception>
    /// <exception cref="IngestionQueueFullException">The stream is full.</exception>
    public Task<string> EnqueueUpsertAsync(SourceDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return EnqueueAsync(IngestionMessage.Upsert(document), cancellationToken);
    }

    /// <summary>Enqueues the removal of document <paramref name="documentId"/> of <paramref name="tenant"/>; returns the operation id.</summary>
    /// <exception cref="ArgumentException">The id or tenant is not valid; ParamName names it.</exception>
    /// <exception cref="IngestionQueueFullException">The stream is full.</exception>
    public Task<string> EnqueueDeleteAsync(string documentId, string tenant, CancellationToken cancellationToken) =>
        EnqueueAsync(IngestionMessage.Delete(documentId, tenant), cancellationToken);

    /// <summary>Enqueues one message as an operation of one, on the interactive lane; returns the operation id.</summary>
    /// <exception cref="ArgumentException">The message is null, not valid, or too large; ParamName names the field.</exception>
    /// <exception cref="IngestionQueueFullException">The stream is full.</exception>
    public Task<string> EnqueueAsync(IngestionMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EnqueueCoreAsync([message], single: true, IngestionLane.Interactive, cancellationToken);
    }

    /// <summary>
    /// Enqueues messages as one operation (at most <c>MaxBatchDocuments</c>, <c>MaxBatchBytes</c> in all); returns its
    /// id. All are enqueued or none. A batch of at most <c>InteractiveMaxDocuments</c> goes on the interactive lane, a
    /// larger one on the bulk lane.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The batch is empty or too large (ParamName <c>messages</c>), or a message is not valid (ParamName
    /// <c>messages[i].field</c>).
    /// </exception>
    /// <exception cref="IngestionQueueFullException">The stream has no room for the whole batch.</exception>
    public Task<string> EnqueueBatchAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var lane = messages.Count <= settings.InteractiveMaxDocuments ? IngestionLane.Interactive : IngestionLane.Bulk;
        return EnqueueCoreAsync(messages, single: false, lane, cancellationToken);
    }

    /// <summary>
    /// Enqueues messages as one operation on the bulk lane, whatever their number: for imports, which must not hold up
    /// interactive writes. Otherwise as <see cref="EnqueueBatchAsync"/>.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="EnqueueBatchAsync"/>.</exception>
    /// <exception cref="IngestionQueueFullException">The bulk lane has no room for the whole batch.</exception>
    public Task<string> EnqueueBulkAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return EnqueueCoreAsync(messages, single: false, IngestionLane.Bulk, cancellationToken);
    }

    /// <summary>
    /// Whether this caller is the one to queue the sample corpus: true for the first call within an hour, false for every
    /// other (replicas starting together queue it once).
    /// </summary>
    public Task<bool> ClaimSampleCorpusAsync(CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(Keys.SampleCorpusMarker, time.GetUtcNow().ToString("O"), TimeSpan.FromHours(1), When.NotExists)
            .WaitAsync(cancellationToken);

    /// <summary>Whether <paramref name="text"/> has the form of an operation id (what <see cref="Guid.ToString(string)"/> gives for "N").</summary>
    public static bool IsOperationId(string? text) =>
        text is { Length: 32 } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private async Task<string> EnqueueCoreAsync(IReadOnlyList<IngestionMessage> messages, bool single, IngestionLane lane, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one message.", nameof(messages));
        }

        if (messages.Count > settings.MaxBatchDocuments)
        {
            throw new ArgumentException(
                $"A batch holds at most {settings.MaxBatchDocuments} messages (Ingestion:Queue:MaxBatchDocuments); this one has {messages.Count}.",
                nameof(messages));
        }

        var operationId = Guid.NewGuid().ToString("N");
        var entries = new RedisValue[messages.Count][];
        long batchBytes = 0;
        for (var index = 0; index < messages.Count; index++)
        {
            var message = messages[index];
            var where = single ? string.Empty : $"messages[{index}]";
            if (message is null)
            {
                throw new ArgumentNullException(where, "A batch must not hold null messages.");
            }

            try
            {
                message.Validate();
            }
            catch (ArgumentException exception) when (!single)
            {
                throw new ArgumentException($"{where}: {exception.Message}", $"{where}.{exception.ParamName}", exception);
            }

            entries[index] = IngestionMessageFormat.ToFields(message, operationId);
            var bytes = IngestionMessageFormat.ByteCount(entries[index]);
            if (bytes > settings.MaxEntryBytes)
            {
                throw new ArgumentException(
                    $"{(single ? "The message" : where)} is {bytes} bytes serialized; at most {settings.MaxEntryBytes} are accepted (Ingestion:Queue:MaxEntryBytes).",
                    single ? "document" : $"{where}.document");
            }

            batchBytes += bytes;
        }

        if (batchBytes > settings.MaxBatchBytes)
        {
            throw new ArgumentException(
                $"The batch is {batchBytes} bytes serialized; at most {settings.MaxBatchBytes} are accepted (Ingestion:Queue:MaxBatchBytes).",
                nameof(messages));
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        List<RedisValue> arguments =
        [
            settings.MaxLength,
            (long)settings.OperationTimeToLive.TotalMilliseconds,
            now,
            Keys.Wake.ToString(),
            messages.Count,
            // Whose the operation is: tenant names are identifiers, so a comma separates them.
            string.Join(',', messages.Select(message => message.Tenant).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
            operationId,
            settings.RecentOperations,
        ];
        foreach (var fields in entries)
        {
            arguments.Add(fields.Length);
            arguments.AddRange(fields);
        }

        // Checked before sending, never while waiting: once the script is sent the work may be accepted, and a caller
        // that gave up on the reply would not know the operation id of work that is going to be done.
        cancellationToken.ThrowIfCancellationRequested();
        var added = (long)await redis.GetDatabase()
            .ScriptEvaluateAsync(IngestionScripts.Enqueue, [Keys.StreamOf(lane), Keys.Operation(operationId), Keys.RecentOperations], [.. arguments])
            .ConfigureAwait(false);
        if (added < 0)
        {
            throw new IngestionQueueFullException();
        }

        telemetry.RecordEnqueued(messages);
        return operationId;
    }
}
