using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Answers;

/// <summary>An answer to a question, where it came from, and what each stage cost.</summary>
/// <param name="Answer">The answer, with its citations and generator.</param>
/// <param name="Layer">The answer cache that gave it; None when the generator wrote it for this question.</param>
/// <param name="Outcome">The exact cache's outcome (Hit, L1Hit, Miss, ...); null when the cache is off, or no passage was found (nothing is cached then).</param>
/// <param name="Retrieval">The retrieval of this request: which tier answered, and why the hot tier did not; null when a cache gave the answer without retrieving.</param>
/// <param name="RetrievalOutcome">Whether the retrieval came from the search-result cache; null with it off, or without a retrieval.</param>
/// <param name="Engine">The engine of the tier that answered the retrieval; null without a retrieval.</param>
/// <param name="EmbeddingOutcome">Whether the question's embedding came from the embedding cache.</param>
/// <param name="Timings">What each stage took.</param>
/// <param name="EmbeddingVersion">The embedding version searched (part of the cache key).</param>
/// <param name="EmbeddingModel">That version's model.</param>
public sealed record AnswerResult(
    GeneratedAnswer Answer,
    AnswerCacheLayer Layer,
    CacheOutcome? Outcome,
    RetrievalResult? Retrieval,
    CacheOutcome? RetrievalOutcome,
    string? Engine,
    CacheOutcome? EmbeddingOutcome,
    AnswerTimings Timings,
    int EmbeddingVersion,
    string EmbeddingModel);

/// <summary>What each stage of an answer took in this request.</summary>
/// <param name="Embedding">Embedding the question, cache included.</param>
/// <param name="Retrieval">Retrieving the passages (search-result cache included) and reading their text; null when a cache gave the answer without retrieving.</param>
/// <param name="Generation">The generator's call; null when this request did not call it (a cached answer, one another caller was writing, or no passage).</param>
/// <param name="Total">The whole answer.</param>
public sealed record AnswerTimings(TimeSpan Embedding, TimeSpan? Retrieval, TimeSpan? Generation, TimeSpan Total);
