using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Answers;

/// <summary>
/// Answers a question from one tenant's documents: embeds it (through the embedding cache), retrieves K passages
/// through the live embedding version's two-tier retrieval (through the search-result cache), then gives the exact
/// cache's answer or has the generator write one from the passages. The retrieval comes first, though a cached answer
/// does not need its passages, because an answer is stored with a tag per document it was written from, and the tags
/// go with the store; both steps before it are cached, so an exact hit costs a few Redis reads.
/// </summary>
/// <remarks>
/// After an exact miss, the semantic cache: an earlier question of the same tenant, conversation, generator, K and
/// embedding version close enough to this one gives its answer (a sample of those is recomputed in the background to
/// measure false hits); otherwise the generator writes one, under the exact cache's lock, and the question joins the
/// semantic cache.
/// </remarks>
public sealed class Answerer(
    EmbeddingSpaces spaces,
    AnswerGenerator generator,
    ExactAnswerCache cache,
    AnswerStatistics statistics,
    IOptions<AnswerOptions> options,
    TimeProvider? time = null,
    ISemanticAnswerCache? semantic = null,
    SemanticAnswerAudit? audit = null)
{
    /// <summary>The largest K a question may ask for.</summary>
    public const int MaxK = 20;

    /// <summary>What no passage yields, without asking the generator.</summary>
    public const string NoPassages = "No document of this tenant matches the question.";

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    /// <summary>The generator answers are written by.</summary>
    public AnswerGenerator Generator => generator;

    /// <summary>Answers <paramref name="question"/>; on the new embedding version when one goes live meanwhile.</summary>
    /// <exception cref="ArgumentException">The question is not valid (the message names the field).</exception>
    /// <exception cref="AnswerGeneratorException">The generator failed; nothing was cached.</exception>
    public async Task<AnswerResult> AskAsync(AnswerQuestion question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (SourceDocument.CheckTenant(question.Tenant) is { } tenant)
        {
            throw tenant.ToException();
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(question.Question, "question");
        if (question.K is < 1 or > MaxK)
        {
            throw new ArgumentException($"k must be between 1 and {MaxK}; it is {question.K}.", "k");
        }

        var started = Stopwatch.GetTimestamp();
        return await spaces.RunAsync((space, token) => AskAsync(question, space, started, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task<AnswerResult> AskAsync(AnswerQuestion question, EmbeddingSpace space, long started, CancellationToken cancellationToken)
    {
        var embedding = await space.Embeddings.GenerateAsync(question.Question, EmbeddingCacheProperties.ForTenant(question.Tenant), cancellationToken)
            .ConfigureAwait(false);
        var embedded = Stopwatch.GetElapsedTime(started);

        var query = new RetrievalQuery(new KnnQuery { Vector = embedding.Vector.ToArray(), K = question.K, Filter = new VectorFilter { Tenant = question.Tenant } });
        var (retrieval, retrievalOutcome) = await space.SearchResultCache.RetrieveAsync(query, cancellationToken).ConfigureAwait(false);
        var passages = await ReadPassagesAsync(space, question.Tenant, retrieval.Hits, cancellationToken).ConfigureAwait(false);
        var retrieved = Stopwatch.GetElapsedTime(started) - embedded;

        TimeSpan? generation = null;
        async Task<GeneratedAnswer> Generate(CancellationToken token)
        {
            var answer = await GenerateAsync(question, passages, token).ConfigureAwait(false);
            generation = TimeSpan.FromMilliseconds(answer.GenerationMilliseconds);
            return answer;
        }

        GeneratedAnswer answer;
        CacheOutcome? outcome = null;
        var layer = AnswerCacheLayer.None;
        SemanticHit? semanticHit = null;
        if (passages.Count == 0)
        {
            // Nothing to write from: no generator call, and nothing cached that a new document would have to drop.
            answer = await Generate(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var key = AnswerKeys.Key(question, generator.Name, generator.Model, space.Version.Number);
            var policy = cache.Policy(question.Tenant, passages.Select(passage => passage.DocumentId));
            var scope = new SemanticScope(question.Tenant, AnswerKeys.ContextHash(question.Context), SemanticGeneratorId(question.K), space.Version.Number);
            var vector = embedding.Vector.ToArray();
            // With the semantic cache, the exact one is read first without writing, so that a miss can try the semantic one
            // before the generator; an exact hit is used as it is.
            var exact = semantic is not null ? await cache.ReadAsync(key, policy, cancellationToken).ConfigureAwait(false) : null;
            if (exact is { } found)
            {
                (answer, outcome) = found;
                layer = AnswerCacheLayer.Exact;
                statistics.RecordExact(outcome);
            }
            else if (semantic is not null && cache.Enabled && await ReadSemanticAsync(scope, vector, cancellationToken).ConfigureAwait(false) is { } similar)
            {
                (answer, semanticHit) = similar;
                outcome = CacheOutcome.Miss;
                layer = AnswerCacheLayer.Semantic;
                statistics.RecordSemanticHit();
                audit?.Offer(scope, semanticHit, async token =>
                    (await GenerateAsync(question, passages, token).ConfigureAwait(false)).Citations.Select(citation => citation.DocumentId).ToList());
            }
            else
            {
                (answer, outcome) = await cache.GetOrGenerateAsync(key, policy, Generate, cancellationToken).ConfigureAwait(false);
                layer = outcome is CacheOutcome.Hit or CacheOutcome.L1Hit or CacheOutcome.Stale ? AnswerCacheLayer.Exact : AnswerCacheLayer.None;
                statistics.RecordExact(outcome);
                if (generation is not null && semantic is not null && outcome is not null)
                {
                    // Written here and stored: later rewordings of the question may use it.
                    await AddSemanticAsync(scope, vector, key, answer, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new AnswerResult(
            answer, layer, outcome, retrieval, retrievalOutcome, retrieval.Tier == RetrievalTier.Hot ? space.Hot.Engine : "PostgreSQL",
            embedding.GetCacheOutcome(), new AnswerTimings(embedded, retrieved, generation, Stopwatch.GetElapsedTime(started)),
            space.Version.Number, space.Version.Model.Name);
    }

    /// <summary>
    /// What the semantic cache scopes answers by beyond tenant, conversation and version: the generator, its model and K
    /// (an answer from 3 passages is not one from 10), as the exact key does.
    /// </summary>
    private string SemanticGeneratorId(int k) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{generator.Name}/{generator.Model}/k{k}");

    /// <summary>The answer of an earlier question close enough to this one, when the exact cache still holds it.</summary>
    private async Task<(GeneratedAnswer Answer, SemanticHit Hit)?> ReadSemanticAsync(SemanticScope scope, float[] vector, CancellationToken cancellationToken)
    {
        SemanticHit? hit;
        try
        {
            hit = await semantic!.LookupAsync(scope, vector, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsSemanticFailure(exception))
        {
            // The semantic cache only saves generator calls: without it, the question is answered as a miss.
            statistics.RecordSemanticFailure();
            return null;
        }

        if (hit is null)
        {
            return null;
        }

        var earlier = await cache.ReadAsync(hit.AnswerKey, cache.Policy(scope.Tenant, hit.CitedDocumentIds), cancellationToken).ConfigureAwait(false);
        return earlier is { } found ? (found.Answer, hit) : null;
    }

    private async Task AddSemanticAsync(SemanticScope scope, float[] vector, string key, GeneratedAnswer answer, CancellationToken cancellationToken)
    {
        try
        {
            await semantic!.AddAsync(scope, vector, key, [.. answer.Citations.Select(citation => citation.DocumentId).Distinct(StringComparer.Ordinal)], cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception exception) when (IsSemanticFailure(exception))
        {
            // The answer is cached exactly all the same; only its rewordings will miss.
            statistics.RecordSemanticFailure();
        }
    }

    private static bool IsSemanticFailure(Exception exception) =>
        exception is StackExchange.Redis.RedisException or TimeoutException or RediSearchException;

    /// <summary>The hits' texts from the cold tier, numbered in the hits' order; hits deleted meanwhile are left out.</summary>
    private static async Task<IReadOnlyList<Passage>> ReadPassagesAsync(
        EmbeddingSpace space, string tenant, IReadOnlyList<VectorHit> hits, CancellationToken cancellationToken)
    {
        if (hits.Count == 0)
        {
            return [];
        }

        var rows = await space.Cold.ReadManyAsync([.. hits.Select(hit => hit.Id)], cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Where(row => string.Equals(row.Tenant, tenant, StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(row.Body))
            .Select((row, index) => new Passage(index + 1, row.Id, row.DocumentId, row.Title, row.Body!))];
    }

    /// <summary>The generator's answer from <paramref name="passages"/>, with the passages it cites.</summary>
    private async Task<GeneratedAnswer> GenerateAsync(AnswerQuestion question, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (passages.Count == 0)
        {
            return new GeneratedAnswer(NoPassages, [], CitationBasis.None, generator.Name, generator.Model, [], now, 0);
        }

        var messages = AnswerPrompt.Build(question.Question, question.Context, passages);
        var chat = new ChatOptions { Temperature = 0, MaxOutputTokens = options.Value.AzureOpenAI.MaxOutputTokens };
        var started = Stopwatch.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await generator.Client.GetResponseAsync(messages, chat, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            statistics.RecordGeneratorCall(failed: true);
            throw new AnswerGeneratorException(generator.Name, generator.Model, exception);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        statistics.RecordGeneratorCall(failed: false);
        var text = response.Text.Trim();
        var byNumber = passages.ToDictionary(passage => passage.Number);
        var cited = AnswerPrompt.CitedNumbers(text).Where(byNumber.ContainsKey).Select(number => byNumber[number]).ToList();
        var basis = cited.Count > 0 ? CitationBasis.Markers : CitationBasis.Passages;
        return new GeneratedAnswer(
            text,
            [.. (cited.Count > 0 ? cited : passages).Select(passage => new AnswerCitation(passage.Number, passage.Id, passage.DocumentId, passage.Title))],
            basis,
            generator.Name,
            generator.Model,
            [.. passages.Select(passage => passage.DocumentId).Distinct(StringComparer.Ordinal)],
            now,
            elapsed.TotalMilliseconds);
    }
}
