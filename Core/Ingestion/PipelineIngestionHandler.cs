using Npgsql;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Handles queued messages with the <see cref="IngestionPipeline"/>: each message's outcome is its document's, and a
/// failure of PostgreSQL, Redis or the model fails the batch, which the queue delivers again. A document whose data
/// PostgreSQL or the pipeline refuses fails alone and is rejected (dead-lettered at once), since it would be refused at
/// every delivery; only a document other writers kept overtaking is left to be delivered again.
/// A batch embedded with a model that stopped being live meanwhile is processed again, at once, with the new live
/// version's pipeline.
/// </summary>
internal sealed class PipelineIngestionHandler(Func<IngestionPipeline> current, Func<CancellationToken, Task<bool>> refresh) : IIngestionHandler
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
        int[] positions = [.. upserts.Select(upsert => upsert.Position), .. deletes.Select(delete => delete.Position)];
        IReadOnlyList<DocumentOutcome> results;
        try
        {
            results = await ProcessAsync(
                [.. upserts.Select(upsert => upsert.Document)], [.. deletes.Select(delete => (delete.Id, delete.Tenant))], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RefusedData(exception) is { } refusal)
        {
            if (positions.Length == 1)
            {
                // The same bytes are refused the same way at every delivery: retrying only delays the dead letter.
                outcomes[positions[0]] = MessageOutcome.Rejected($"PostgreSQL refused the document ({refusal.SqlState}): {refusal.MessageText}");
                return;
            }

            // One document's refused data fails the whole transaction, its batch-mates with it: each goes alone, so
            // that it fails alone (the others' writes are idempotent, whatever was committed before the failure).
            foreach (var position in positions)
            {
                await HandleSegmentAsync(messages, position, position + 1, outcomes, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        for (var index = 0; index < positions.Length; index++)
        {
            // A document invalid for the pipeline is invalid at every delivery: it goes to the dead letters at once.
            var error = results[index].Error ?? $"'{results[index].DocumentId}' failed.";
            outcomes[positions[index]] = results[index].Succeeded ? MessageOutcome.Success
                : results[index].MayRetry ? MessageOutcome.Failure(error)
                : MessageOutcome.Rejected(error);
        }
    }

    /// <summary>The live pipeline's outcomes; when the live version was switched under it, the new one's.</summary>
    private async Task<IReadOnlyList<DocumentOutcome>> ProcessAsync(
        IReadOnlyList<SourceDocument> upserts, IReadOnlyList<(string Id, string Tenant)> deletes, CancellationToken cancellationToken)
    {
        var pipeline = current();
        try
        {
            return await pipeline.ProcessBatchAsync(upserts, deletes, cancellationToken).ConfigureAwait(false);
        }
        catch (EmbeddingVersionChangedException)
        {
            await refresh(cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(current(), pipeline))
            {
                throw;
            }
        }

        // Processing is idempotent: what the old version's transactions wrote before the switch, the switch copied over.
        return await current().ProcessBatchAsync(upserts, deletes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The error PostgreSQL gave when it refused a value as data (class 22: a NUL character, which <c>text</c> and
    /// <c>jsonb</c> cannot hold, a value out of range, ...), wherever it sits in the exception's chain; null for any other
    /// failure, such as the server being unreachable, which another delivery may get past.
    /// </summary>
    private static PostgresException? RefusedData(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is PostgresException { SqlState: [ '2', '2', .. ] } refused)
            {
                return refused;
            }
        }

        return null;
    }
}
