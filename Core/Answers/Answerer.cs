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
/// Answers a question from one tenant's documents: embeds it (through the embedding cache), then asks the answer caches
/// before retrieving anything: the exact cache under the question's key, then, after an exact miss, the semantic cache
/// for an earlier question of the same tenant, conversation, generator, K and embedding version close enough to it.
/// Only when both miss are K passages retrieved, through the live embedding version's two-tier retrieval (through the
/// search-result cache) and read from PostgreSQL, and the generator writes the answer from them, under the exact
/// cache's lock; the question then joins the semantic cache.
/// </summary>
/// <remarks>
/// The caches come first because a cached answer needs no passages: an exact hit costs the embedding cache's read and
/// one Redis read, a semantic hit the semantic index's lookup and the read of the answer it points to, and neither
/// searches the passages' index or PostgreSQL. An answer's document tags are given where it is written, from the
/// passages it was written from; a read writes no tags, so it needs none. A share of semantic hits is recomputed in the
/// background to measure false hits; that recomputation retrieves its passages itself, as a miss does.
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
        var embeddingOutcome = embedding.GetCacheOutcome();
        var vector = embedding.Vector.ToArray();
        var key = AnswerKeys.Key(question, generator.Name, generator.Model, space.Version.Number);
        var scope = new SemanticScope(question.Tenant, AnswerKeys.ContextHash(question.Context), SemanticGeneratorId(question.K), space.Version.Number);

        AnswerResult Cached(GeneratedAnswer answer, AnswerCacheLayer layer, CacheOutcome outcome) => new(
            answer, layer, outcome, Retrieval: null, RetrievalOutcome: null, Engine: null, embeddingOutcome,
            new AnswerTimings(embedded, Retrieval: null, Generation: null, Stopwatch.GetElapsedTime(started)), space.Version.Number, space.Version.Model.Name);

        // A read writes no tags: the tenant's policy without documents reads any of its answers, tags left as stored.
        if (await cache.ReadAsync(key, cache.Policy(question.Tenant, []), cancellationToken).ConfigureAwait(false) is { } exact)
        {
            statistics.RecordExact(exact.Outcome);
            return Cached(exact.Answer, AnswerCacheLayer.Exact, exact.Outcome);
        }

        if (semantic is not null && cache.Enabled && await ReadSemanticAsync(scope, vector, cancellationToken).ConfigureAwait(false) is { } similar)
        {
            statistics.RecordSemanticHit();
            // The fresh answer is written as a miss writes it: from the passages retrieved for this question.
            audit?.Offer(scope, similar.Hit, async token =>
            {
                var (_, _, fresh) = await RetrieveAsync(space, question, vector, token).ConfigureAwait(false);
                return (await GenerateAsync(question, fresh, token).ConfigureAwait(false)).Citations.Select(citation => citation.DocumentId).ToList();
            });
            return Cached(similar.Answer, AnswerCacheLayer.Semantic, CacheOutcome.Miss);
        }

        // Timed on its own: the cache reads before it are neither retrieval nor embedding.
        var retrievalStarted = Stopwatch.GetTimestamp();
        var (retrieval, retrievalOutcome, passages) = await RetrieveAsync(space, question, vector, cancellationToken).ConfigureAwait(false);
        var retrieved = Stopwatch.GetElapsedTime(retrievalStarted);

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
        if (passages.Count == 0)
        {
            // Nothing to write from: no generator call, and nothing cached that a new document would have to drop.
            answer = await Generate(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The read above missed; this call takes the lock, so that of many callers on many replicas one writes the answer
            // (or finds it, if another wrote it meanwhile), tagged with the documents of the passages it was written from.
            var policy = cache.Policy(question.Tenant, passages.Select(passage => passage.DocumentId));
            (answer, outcome) = await cache.GetOrGenerateAsync(key, policy, Generate, cancellationToken).ConfigureAwait(false);
            layer = outcome is CacheOutcome.Hit or CacheOutcome.L1Hit or CacheOutcome.Stale ? AnswerCacheLayer.Exact : AnswerCacheLayer.None;
            statistics.RecordExact(outcome);
            if (generation is not null && semantic is not null && outcome is not null)
            {
                // Written here and stored: later rewordings of the question may use it.
                await AddSemanticAsync(scope, vector, key, answer, cancellationToken).ConfigureAwait(false);
            }
        }

        return new AnswerResult(
            answer, layer, outcome, retrieval, retrievalOutcome, retrieval.Tier == RetrievalTier.Hot ? space.Hot.Engine : "PostgreSQL",
            embeddingOutcome, new AnswerTimings(embedded, retrieved, generation, Stopwatch.GetElapsedTime(started)),
            space.Version.Number, space.Version.Model.Name);
    }

    /// <summary>The K nearest chunks of the question's tenant (through the search-result cache), and their texts as numbered passages.</summary>
    private static async Task<(RetrievalResult Retrieval, CacheOutcome? Outcome, IReadOnlyList<Passage> Passages)> RetrieveAsync(
        EmbeddingSpace space, AnswerQuestion question, float[] vector, CancellationToken cancellationToken)
    {
        var query = new RetrievalQuery(new KnnQuery { Vector = vector, K = question.K, Filter = new VectorFilter { Tenant = question.Tenant } });
        var (retrieval, outcome) = await space.SearchResultCache.RetrieveAsync(query, cancellationToken).ConfigureAwait(false);
        var passages = await ReadPassagesAsync(space, question.Tenant, retrieval.Hits, cancellationToken).ConfigureAwait(false);
        return (retrieval, outcome, passages);
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

        var earlier = await cache.ReadAsync(hit.AnswerKey, cache.Policy(scope.Tenant, []), cancellationToken).ConfigureAwait(false);
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
