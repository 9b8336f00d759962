using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Handles queued messages with the <see cref="IngestionPipeline"/>: each message's outcome is its document's, and a
/// failure of PostgreSQL, Redis or the model fails the batch, which the queue delivers again.
/// </summary>
public sealed class PipelineIngestionHandler(IngestionPipeline pipeline) : IIngestionHandler
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageOutcome>> HandleAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var outcomes = new MessageOutcome[messages.Count];

        // The pipeline applies a batch's upserts before its deletes, so a batch is cut before any document's second
        // message: a delete followed by a new version of the same document must leave the new version.
        var start = 0;
        while (start < messages.Count)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var end = start;
            while (end < messages.Count && seen.Add(messages[end].DocumentId))
            {
                end++;
            }

            await HandleSegmentAsync(messages, start, end, outcomes, cancellationToken).ConfigureAwait(false);
            start = end;
        }

        return outcomes;
    }

    private async Task HandleSegmentAsync(
        IReadOnlyList<IngestionMessage> messages, int start, int end, MessageOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var upserts = new List<(int Position, SourceDocument Document)>();
        var deletes = new List<(int Position, string Id, string Tenant)>();
        for (var position = start; position < end; position++)
        {
            var message = messages[position];
            if (message.Kind == IngestionKind.Upsert && message.Document is { } document)
            {
                upserts.Add((position, document));
            }
            else if (message.Kind == IngestionKind.Delete)
            {
                deletes.Add((position, message.DocumentId, message.Tenant));
            }
            else
            {
                outcomes[position] = MessageOutcome.Failure($"A {message.Kind} message for '{message.DocumentId}' carries no document.");
            }
        }

        // One outcome per operation, upserts first, in the order given.
        var results = await pipeline.ProcessBatchAsync(
            [.. upserts.Select(upsert => upsert.Document)], [.. deletes.Select(delete => (delete.Id, delete.Tenant))], cancellationToken).ConfigureAwait(false);
        int[] positions = [.. upserts.Select(upsert => upsert.Position), .. deletes.Select(delete => delete.Position)];
        for (var index = 0; index < positions.Length; index++)
        {
            outcomes[positions[index]] = results[index].Succeeded
                ? MessageOutcome.Success
                : MessageOutcome.Failure(results[index].Error ?? $"'{results[index].DocumentId}' failed.");
        }
    }
}
