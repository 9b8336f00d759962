using Microsoft.Extensions.Logging;
using RedisAspire.Core.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion;

internal sealed partial class IngestionPipeline
{
    /// <summary>
    /// Writes <paramref name="plans"/> in one PostgreSQL transaction with the hot tier brought along before the commit,
    /// then drops the cached results of every tenant touched. Plans another writer overtook are planned and written
    /// again, up to <see cref="MaxAttempts"/> times in all.
    /// </summary>
    internal async Task<List<(IngestionWork Work, DocumentOutcome Outcome)>> WriteAsync(
        IReadOnlyList<DocumentPlan> plans, int attempt, CancellationToken cancellationToken)
    {
        var outcomes = new List<(IngestionWork, DocumentOutcome)>();
        var writing = new List<DocumentPlan>();
        var changes = new List<ColdDocumentChange>();
        foreach (var plan in plans)
        {
            try
            {
                var change = ChangeOf(plan);
                change.Validate(cold.Schema);
                writing.Add(plan);
                changes.Add(change);
            }
            catch (ArgumentException exception)
            {
                // A vector the schema cannot hold, for instance: this document's problem, not the batch's.
                outcomes.Add((plan.Work, DocumentOutcome.Failed(plan.Work.DocumentId, exception.Message)));
            }
        }

        if (changes.Count == 0)
        {
            return outcomes;
        }

        var started = time.GetTimestamp();
        var applied = await cold.ApplyAsync(
            changes, (done, token) => SyncHotTierAsync(changes, done, token), cancellationToken).ConfigureAwait(false);
        var overtaken = new List<IngestionWork>();
        var changed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var index = 0; index < writing.Count; index++)
        {
            var (plan, result) = (writing[index], applied[index]);
            if (!result.Applied)
            {
                overtaken.Add(plan.Work);
                continue;
            }

            if (result.Written.Count > 0 || result.Deleted.Count > 0)
            {
                foreach (var tenant in plan.Tenants)
                {
                    if (!changed.TryGetValue(tenant, out var documents))
                    {
                        changed[tenant] = documents = new HashSet<string>(StringComparer.Ordinal);
                    }

                    documents.Add(plan.Work.DocumentId);
                }
            }

            outcomes.Add((plan.Work, Outcome(plan, result)));
        }

        await InvalidateAsync(changed, cancellationToken).ConfigureAwait(false);
        telemetry.BatchDone(time.GetElapsedTime(started));
        if (overtaken.Count > 0)
        {
            outcomes.AddRange(attempt < MaxAttempts
                ? await RunAsync(overtaken, attempt + 1, cancellationToken).ConfigureAwait(false)
                : overtaken.Select(work => (work, DocumentOutcome.FailedForNow(
                    work.DocumentId, $"The document was changed by another writer each of the {MaxAttempts} times it was written; it may be sent again."))));
        }

        return outcomes;
    }

    /// <summary>The plan's rows for the cold tier: its embedded and rewritten chunks, with the document's fields.</summary>
    private ColdDocumentChange ChangeOf(DocumentPlan plan)
    {
        if (plan.Work.Document is not { } document)
        {
            // A delete removes whatever the document holds by then, also rows written since it was planned.
            return ColdDocumentChange.Delete(plan.Work.DocumentId);
        }

        var rows = plan.Chunks
            .Where(chunk => chunk.Action != ChunkAction.Unchanged)
            .Select(chunk => new ColdDocument
            {
                Id = chunk.Chunk.Id,
                DocumentId = document.Id,
                Tenant = document.Tenant,
                Language = document.Language,
                Title = document.Title,
                Body = chunk.Chunk.Text,
                Metadata = document.Metadata,
                UpdatedAt = document.UpdatedAt,
                ContentHash = chunk.ContentHash,
                EmbeddingModel = EmbeddingModel,
                Vector = chunk.Vector ?? throw new InvalidOperationException($"Chunk '{chunk.Chunk.Id}' has no vector."),
            })
            .ToList();
        return new ColdDocumentChange(document.Id, [.. plan.Chunks.Select(chunk => chunk.Chunk.Id)], rows, plan.Stored);
    }

    private static DocumentOutcome Outcome(DocumentPlan plan, ColdDocumentChangeResult result) => new(
        plan.Work.DocumentId,
        plan.Work.Document is null ? (result.Deleted.Count > 0 ? DocumentStatus.Deleted : DocumentStatus.NotFound)
            : result.Written.Count > 0 || result.Deleted.Count > 0 ? DocumentStatus.Written
            : DocumentStatus.Unchanged,
        plan.Chunks.Count,
        plan.Chunks.Count(chunk => chunk.Action == ChunkAction.Embed),
        result.Written.Count,
        plan.Chunks.Count(chunk => chunk.Action == ChunkAction.Unchanged),
        result.Deleted.Count);

    /// <summary>
    /// Inside the transaction, once its rows are written: the written chunks the hot tier holds are replaced there,
    /// and the deleted ones it holds removed; one pipelined check finds which it holds. Chunks it does not hold stay
    /// out of it, since the hot set is chosen by asks, not by writes.
    /// </summary>
    private async Task SyncHotTierAsync(
        IReadOnlyList<ColdDocumentChange> changes, IReadOnlyList<ColdDocumentChangeResult> done, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, ColdDocument>(StringComparer.Ordinal);
        var deleted = new List<string>();
        for (var index = 0; index < changes.Count; index++)
        {
            var written = done[index].Written.ToHashSet(StringComparer.Ordinal);
            foreach (var row in changes[index].Upserts.Where(row => written.Contains(row.Id)))
            {
                rows[row.Id] = row;
            }

            deleted.AddRange(done[index].Deleted);
        }

        if (rows.Count == 0 && deleted.Count == 0)
        {
            return;
        }

        var held = await hot.ContainsAsync([.. rows.Keys, .. deleted], cancellationToken).ConfigureAwait(false);
        var commands = rows.Values.Where(row => held.Contains(row.Id))
            .Select(row => (Func<Task>)(() => hot.UpsertAsync(row.ToVectorDocument(hot.Schema), cancellationToken)))
            .Concat(deleted.Where(held.Contains).Select(id => (Func<Task>)(() => hot.DeleteAsync(id, cancellationToken))));
        foreach (var batch in commands.Chunk(HotTierParallelism))
        {
            await Task.WhenAll(batch.Select(command => command())).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// After the commit, drops on every replica the cached search results of each tenant touched (and of searches
    /// without a tenant) and the cached answers written from each document changed, under each tenant it belonged to.
    /// A failure is logged and counted, not thrown: the rows are committed, and the results expire with their lifetime.
    /// </summary>
    private async Task InvalidateAsync(IReadOnlyDictionary<string, HashSet<string>> changed, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (tenant, documents) in changed)
            {
                await results.InvalidateTenantAsync(tenant, cancellationToken).ConfigureAwait(false);
                if (answers is not null)
                {
                    await answers.DropDocumentsAsync(tenant, documents, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            telemetry.InvalidationFailed();
            LogInvalidationFailed(logger, exception, changed.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Ingestion: cached search results and answers of {Tenants} tenants could not be dropped after a write; they expire with their lifetime")]
    private static partial void LogInvalidationFailed(ILogger logger, Exception exception, int tenants);
}
