using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Handles queued messages with the <see cref="IngestionPipeline"/>: each message's outcome is its document's, and a
/// failure of PostgreSQL, Redis or the model fails the batch, which the queue delivers again. A batch embedded with a
/// model that stopped being live meanwhile is processed again, at once, with the new live version's pipeline.
/// </summary>
public sealed class PipelineIngestionHandler(Func<IngestionPipeline> current, Func<CancellationToken, Task<bool>> refresh) : IIngestionHandler
{
    /// <summary>Handles every batch with <paramref name="pipeline"/>.</summary>
    public PipelineIngestionHandler(IngestionPipeline pipeline)
        : this(() => pipeline, _ => Task.FromResult(false))
    {
    }

    /// <summary>Handles each batch with the live embedding version's pipeline.</summary>
    public PipelineIngestionHandler(IngestionPipelines pipelines)
        : this(() => pipelines.Current, pipelines.RefreshAsync)
    {
    }

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
        IReadOnlyList<SourceDocument> documents = [.. upserts.Select(upsert => upsert.Document)];
        IReadOnlyList<(string, string)> removals = [.. deletes.Select(delete => (delete.Id, delete.Tenant))];
        IReadOnlyList<DocumentOutcome>? results = null;
        var pipeline = current();
        try
        {
            results = await pipeline.ProcessBatchAsync(documents, removals, cancellationToken).ConfigureAwait(false);
        }
        catch (EmbeddingVersionChangedException)
        {
            await refresh(cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(current(), pipeline))
            {
                throw;
            }
        }

        results ??= await current().ProcessBatchAsync(documents, removals, cancellationToken).ConfigureAwait(false);

        int[] positions = [.. upserts.Select(upsert => upsert.Position), .. deletes.Select(delete => delete.Position)];
        for (var index = 0; index < positions.Length; index++)
        {
            outcomes[positions[index]] = results[index].Succeeded
                ? MessageOutcome.Success
                : MessageOutcome.Failure(results[index].Error ?? $"'{results[index].DocumentId}' failed.");
        }
    }
}
