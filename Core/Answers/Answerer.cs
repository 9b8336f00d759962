using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
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
/// <remarks>The semantic cache goes between the exact cache and the generator, inside <see cref="GenerateAsync"/>'s caller.</remarks>
public sealed class Answerer(
    EmbeddingSpaces spaces,
    AnswerGenerator generator,
    ExactAnswerCache cache,
    AnswerStatistics statistics,
    IOptions<AnswerOptions> options,
    TimeProvider? time = null)
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
        if (passages.Count == 0)
        {
            // Nothing to write from: no generator call, and nothing cached that a new document would have to drop.
            answer = await Generate(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var key = AnswerKeys.Key(question, generator.Name, generator.Model, space.Version.Number);
            (answer, outcome) = await cache.GetOrGenerateAsync(
                key, cache.Policy(question.Tenant, passages.Select(passage => passage.DocumentId)), Generate, cancellationToken).ConfigureAwait(false);
            statistics.RecordExact(outcome);
        }

        var layer = outcome is CacheOutcome.Hit or CacheOutcome.L1Hit or CacheOutcome.Stale ? AnswerCacheLayer.Exact : AnswerCacheLayer.None;
        return new AnswerResult(
            answer, layer, outcome, retrieval, retrievalOutcome, retrieval.Tier == RetrievalTier.Hot ? space.Hot.Engine : "PostgreSQL",
            embedding.GetCacheOutcome(), new AnswerTimings(embedded, retrieved, generation, Stopwatch.GetElapsedTime(started)),
            space.Version.Number, space.Version.Model.Name);
    }

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
