using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Writes documents into both tiers: each is chunked, its chunks compared by content hash with what PostgreSQL holds,
/// only new and changed chunks embedded (through the embedding cache), then per batch one PostgreSQL transaction,
/// the hot tier brought along for the chunks it holds, and one cached-results invalidation per tenant touched (with
/// the cached answers written from each document changed).
/// </summary>
/// <remarks>
/// <para>
/// Processing is idempotent: a batch processed again finds every chunk unchanged, so it embeds nothing, writes nothing
/// and invalidates nothing, which makes at-least-once delivery safe. A version older than the stored one is skipped.
/// </para>
/// <para>
/// The hot tier is written inside the PostgreSQL transaction, after its rows and before its commit: a failure of
/// either rolls the batch back, and processing it again repairs both. Only a failed commit after a successful hot-tier
/// write leaves the hot tier ahead until then. Writers of the same document take turns (a PostgreSQL lock per
/// document), and a batch planned from rows another writer changed meanwhile is planned again, so a document never
/// ends up with chunks of two versions.
/// </para>
/// </remarks>
internal sealed partial class IngestionPipeline
{
    /// <summary>How often a document whose rows another writer keeps changing is planned again before it fails.</summary>
    private const int MaxAttempts = 3;

    /// <summary>Hot-tier commands sent at once: enough to fill a round trip, few enough not to flood the connection.</summary>
    private const int HotTierParallelism = 64;

    /// <summary>Rows read back per round trip for chunks rewritten with their stored vectors.</summary>
    private const int ReadBatch = 500;

    private readonly IVectorIndex hot;
    private readonly PostgresColdTier cold;
    private readonly IEmbeddingGenerator<string, Embedding<float>> embeddings;
    private readonly SearchResultCache results;
    private readonly AnswerInvalidator? answers;
    private readonly IngestionOptions options;
    private readonly DocumentChunker chunker;
    private readonly IngestionPipelineTelemetry telemetry;
    private readonly ILogger logger;
    private readonly TimeProvider time;

    /// <summary>
    /// A pipeline into <paramref name="hot"/> and <paramref name="cold"/>, which must share one dimension; throws an
    /// <see cref="ArgumentException"/> naming a bad setting. With <paramref name="answers"/>, the cached answers written
    /// from a document are dropped when it changes.
    /// </summary>
    public IngestionPipeline(
        IVectorIndex hot,
        PostgresColdTier cold,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        SearchResultCache results,
        IOptions<IngestionOptions> options,
        IngestionPipelineTelemetry telemetry,
        ILogger<IngestionPipeline> logger,
        TimeProvider? timeProvider = null,
        AnswerInvalidator? answers = null)
    {
        ArgumentNullException.ThrowIfNull(hot);
        ArgumentNullException.ThrowIfNull(cold);
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(telemetry);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), errors, validateAllProperties: true))
        {
            throw new ArgumentException(errors[0].ErrorMessage, errors[0].MemberNames.FirstOrDefault() ?? nameof(options));
        }

        if (hot.Schema.Dimension != cold.Schema.Dimension)
        {
            throw new ArgumentException(
                $"The hot tier holds {hot.Schema.Dimension} dimensions and the cold tier {cold.Schema.Dimension}; both must hold the model's.", nameof(cold));
        }

        this.hot = hot;
        this.cold = cold;
        this.embeddings = embeddings;
        this.results = results;
        this.answers = answers;
        this.options = settings;
        this.telemetry = telemetry;
        this.logger = logger;
        time = timeProvider ?? TimeProvider.System;
        chunker = new DocumentChunker(settings.Chunking);
        EmbeddingModel = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown";
    }

    /// <summary>The model chunks are recorded under: a chunk stored under another model is embedded again.</summary>
    public string EmbeddingModel { get; }

    /// <summary>The pipeline's settings.</summary>
    internal IngestionOptions Options => options;

    /// <summary>The pipeline's metrics.</summary>
    internal IngestionPipelineTelemetry Telemetry => telemetry;

    /// <summary>
    /// Processes one batch as a queue consumer receives it, without channels: <paramref name="upserts"/>, then
    /// <paramref name="deletes"/>, in transactions of at most <see cref="IngestionOptions.WriteBatchSize"/> documents.
    /// Returns one outcome per operation, upserts first, in the order given, so each message can be acknowledged on
    /// its own. Of several operations on one document the last wins (a delete after any upsert) and the others are
    /// <see cref="DocumentStatus.Superseded"/>. An invalid document is <see cref="DocumentStatus.Failed"/> and does
    /// not stop the others; a failure of PostgreSQL, Redis or the embedding generator throws, with nothing of the
    /// failed transaction written, so the batch can be delivered again.
    /// </summary>
    public async Task<IReadOnlyList<DocumentOutcome>> ProcessBatchAsync(
        IReadOnlyList<SourceDocument> upserts, IReadOnlyList<(string Id, string Tenant)> deletes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(deletes);
        var outcomes = new DocumentOutcome?[upserts.Count + deletes.Count];
        var work = new List<IngestionWork>(outcomes.Length);
        for (var index = 0; index < upserts.Count; index++)
        {
            if (Check(upserts[index]) is { } error)
            {
                outcomes[index] = DocumentOutcome.Failed(upserts[index]?.Id ?? string.Empty, error);
            }
            else
            {
                work.Add(IngestionWork.Upsert(index, upserts[index]));
            }
        }

        for (var index = 0; index < deletes.Count; index++)
        {
            var (id, tenant) = deletes[index];
            var position = upserts.Count + index;
            if (CheckDelete(id, tenant) is { } error)
            {
                outcomes[position] = DocumentOutcome.Failed(id ?? string.Empty, error);
            }
            else
            {
                work.Add(new IngestionWork(position, id, tenant, null));
            }
        }

        var last = new Dictionary<string, IngestionWork>(StringComparer.Ordinal);
        foreach (var item in work)
        {
            last[item.DocumentId] = item;
        }

        foreach (var item in work.Where(item => last[item.DocumentId] != item))
        {
            outcomes[item.Position] = new DocumentOutcome(item.DocumentId, DocumentStatus.Superseded);
        }

        foreach (var batch in work.Where(item => last[item.DocumentId] == item).Chunk(options.WriteBatchSize))
        {
            foreach (var (item, outcome) in await RunAsync(batch, attempt: 1, cancellationToken).ConfigureAwait(false))
            {
                outcomes[item.Position] = outcome;
            }
        }

        foreach (var outcome in outcomes)
        {
            telemetry.Record(outcome!);
        }

        return [.. outcomes.Select(outcome => outcome!)];
    }

    /// <summary>Why <paramref name="document"/> cannot be ingested, naming the field; null when it can.</summary>
    internal static string? Check(SourceDocument? document)
    {
        if (document is null)
        {
            return "The document is null.";
        }

        try
        {
            document.Validate();
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }

        return null;
    }

    private static string? CheckDelete(string? id, string? tenant)
    {
        try
        {
            VectorDocument.ValidateId(id);
        }
        catch (ArgumentException exception)
        {
            return exception.Message;
        }

        return string.IsNullOrWhiteSpace(tenant) ? "tenant must not be empty." : null;
    }

    /// <summary>Plans, embeds and writes <paramref name="work"/> (one transaction); the outcome of each.</summary>
    private async Task<List<(IngestionWork Work, DocumentOutcome Outcome)>> RunAsync(
        IReadOnlyList<IngestionWork> work, int attempt, CancellationToken cancellationToken)
    {
        var (plans, finished) = await PlanAsync(work, cancellationToken).ConfigureAwait(false);
        await EmbedAsync([.. plans.SelectMany(plan => plan.ToEmbed)], cancellationToken).ConfigureAwait(false);
        finished.AddRange(await WriteAsync(plans, attempt, cancellationToken).ConfigureAwait(false));
        return finished;
    }

    /// <summary>
    /// Compares each operation with the rows PostgreSQL holds (one read for all): plans that need writing, and the
    /// outcomes of those that do not (unchanged, stale, a delete of nothing, a document that cannot be chunked).
    /// Chunks rewritten without embedding get their stored vectors.
    /// </summary>
    internal async Task<(List<DocumentPlan> Plans, List<(IngestionWork Work, DocumentOutcome Outcome)> Finished)> PlanAsync(
        IReadOnlyList<IngestionWork> work, CancellationToken cancellationToken)
    {
        var stored = await cold.ReadChunkHashesAsync([.. work.Select(item => item.DocumentId)], cancellationToken).ConfigureAwait(false);
        var plans = new List<DocumentPlan>();
        var finished = new List<(IngestionWork, DocumentOutcome)>();
        foreach (var item in work)
        {
            // Ids are global: a document belongs to the tenant that wrote it, and no other tenant's message may
            // replace or remove it. (A write racing this one finds the rows changed under its lock, and is planned again.)
            if (stored[item.DocumentId].Any(row => !string.Equals(row.Tenant, item.Tenant, StringComparison.Ordinal)))
            {
                finished.Add((item, DocumentOutcome.Failed(item.DocumentId,
                    $"Document '{item.DocumentId}' belongs to another tenant: a tenant may write and remove only its own documents.")));
                continue;
            }

            DocumentPlan plan;
            try
            {
                plan = DocumentPlanner.Plan(item, chunker, stored[item.DocumentId], EmbeddingModel);
            }
            catch (Exception exception) when (exception is ArgumentException or System.Text.Json.JsonException)
            {
                finished.Add((item, DocumentOutcome.Failed(item.DocumentId, exception.Message)));
                continue;
            }

            if (plan.NeedsWrite)
            {
                plans.Add(plan);
            }
            else
            {
                finished.Add((item, Unwritten(plan)));
            }
        }

        await ReadStoredVectorsAsync(plans, cancellationToken).ConfigureAwait(false);
        return (plans, finished);
    }

    private static DocumentOutcome Unwritten(DocumentPlan plan) =>
        plan.Stale ? new DocumentOutcome(plan.Work.DocumentId, DocumentStatus.Stale)
        : plan.Work.Document is null ? new DocumentOutcome(plan.Work.DocumentId, DocumentStatus.NotFound)
        : new DocumentOutcome(plan.Work.DocumentId, DocumentStatus.Unchanged, plan.Chunks.Count, ChunksUnchanged: plan.Chunks.Count);

    // A chunk whose text is unchanged but whose fields are not keeps its vector: PostgreSQL has it.
    private async Task ReadStoredVectorsAsync(List<DocumentPlan> plans, CancellationToken cancellationToken)
    {
        var rewrites = plans.SelectMany(plan => plan.Chunks).Where(chunk => chunk.Action == ChunkAction.Rewrite).ToList();
        foreach (var batch in rewrites.Chunk(ReadBatch))
        {
            var vectors = (await cold.ReadForHotTierAsync([.. batch.Select(chunk => chunk.Chunk.Id)], cancellationToken).ConfigureAwait(false))
                .ToDictionary(document => document.Id, document => document.Vector, StringComparer.Ordinal);
            foreach (var chunk in batch)
            {
                // Deleted since it was planned: then it is new again. Changed since: the write finds the conflict.
                if (vectors.TryGetValue(chunk.Chunk.Id, out var vector))
                {
                    chunk.Vector = vector;
                }
                else
                {
                    chunk.Action = ChunkAction.Embed;
                }
            }
        }
    }

    /// <summary>Embeds <paramref name="chunks"/> through the generator, <see cref="IngestionOptions.EmbedBatchSize"/> texts a call.</summary>
    internal async Task EmbedAsync(IReadOnlyList<PlannedChunk> chunks, CancellationToken cancellationToken)
    {
        foreach (var batch in chunks.Chunk(options.EmbedBatchSize))
        {
            var generated = await embeddings.GenerateAsync(batch.Select(chunk => chunk.EmbeddedText), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (generated.Count != batch.Length)
            {
                throw new InvalidOperationException($"The embedding generator returned {generated.Count} embeddings for {batch.Length} texts.");
            }

            for (var index = 0; index < batch.Length; index++)
            {
                batch[index].Vector = generated[index].Vector.ToArray();
            }
        }
    }
}
