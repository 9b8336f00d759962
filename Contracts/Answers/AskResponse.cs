using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>What <c>POST /ask</c> answered, from which documents, which cache and tier gave what, and how long each stage took.</summary>
/// <param name="Answer">The answer, with <c>[n]</c> markers where it cites passage n.</param>
/// <param name="Generator">The generator that wrote it.</param>
/// <param name="Citations">The passages it cites, in order of first citation.</param>
/// <param name="CitationBasis">Markers: the passages its [n] markers name. Passages: it has no markers, so every passage it was given. None: no passage was found.</param>
/// <param name="Cache">The answer cache that gave it, and its outcome.</param>
/// <param name="Retrieval">This request's retrieval of the passages; null when the answer came from a cache (exact or semantic) without retrieving any.</param>
/// <param name="Embedding">Whether the question's embedding came from the embedding cache.</param>
/// <param name="Timings">What each stage took in this request.</param>
/// <param name="EmbeddingVersion">The embedding version searched.</param>
/// <param name="EmbeddingModel">That version's model.</param>
/// <param name="GeneratedAt">When the answer was written (earlier than now for a cached one).</param>
public sealed record AskResponse(
    string Answer,
    AnswerGeneratorInfo Generator,
    IReadOnlyList<AskCitation> Citations,
    CitationBasis CitationBasis,
    AskCache Cache,
    AskRetrieval? Retrieval,
    CacheOutcome? Embedding,
    AskTimings Timings,
    int EmbeddingVersion,
    string EmbeddingModel,
    DateTimeOffset GeneratedAt);

/// <summary>A generator of answers.</summary>
/// <param name="Name">Local (the extractive answerer) or AzureOpenAI.</param>
/// <param name="Model">Its model: the extractive answerer's version, or the Azure OpenAI deployment.</param>
public sealed record AnswerGeneratorInfo(string Name, string Model);

/// <summary>A passage an answer cites.</summary>
/// <param name="Number">n of its [n] marker.</param>
/// <param name="Id">The chunk's id (<c>{document}#{n}</c>).</param>
/// <param name="DocumentId">The document.</param>
/// <param name="Title">The document's title, when it has one.</param>
public sealed record AskCitation(int Number, string Id, string DocumentId, string? Title);

/// <summary>Which answer cache gave an answer.</summary>
/// <param name="Layer">None (written for this question), Exact (the same question before), Semantic (an earlier question close enough to it).</param>
/// <param name="Outcome">The exact cache's outcome: Hit, L1Hit, Miss (written here, read from the replica that held the lock, or a semantic hit), Stale, Bypassed; null when the cache is off, or no passage was found (nothing is cached then).</param>
public sealed record AskCache(AnswerCacheLayer Layer, CacheOutcome? Outcome);

/// <summary>This request's retrieval of the passages (made only when neither answer cache had the answer).</summary>
/// <param name="Tier">The tier that answered: Hot (Redis) or Cold (PostgreSQL).</param>
/// <param name="Engine">Its engine.</param>
/// <param name="MissReason">Why the hot tier's answer was not used; null when it was.</param>
/// <param name="Passages">How many passages were found.</param>
/// <param name="Result">Whether the retrieval came from the search-result cache; null with it off.</param>
public sealed record AskRetrieval(AnsweringTier Tier, string Engine, HotMissReason? MissReason, int Passages, CacheOutcome? Result);

/// <summary>What each stage of an answer took in this request.</summary>
/// <param name="EmbeddingMilliseconds">Embedding the question, cache included.</param>
/// <param name="RetrievalMilliseconds">Retrieving the passages and reading their text; null when the answer came from a cache without retrieving.</param>
/// <param name="GenerationMilliseconds">The generator's call; null when this request did not make it (a cached answer, one another caller wrote, or no passage).</param>
/// <param name="TotalMilliseconds">The whole answer.</param>
public sealed record AskTimings(double EmbeddingMilliseconds, double? RetrievalMilliseconds, double? GenerationMilliseconds, double TotalMilliseconds);

/// <summary>Which answer cache gave an answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnswerCacheLayer>))]
public enum AnswerCacheLayer
{
    /// <summary>None: the generator wrote it for this question.</summary>
    None,

    /// <summary>The exact cache.</summary>
    Exact,

    /// <summary>The semantic cache: an earlier question close enough to this one.</summary>
    Semantic,
}

/// <summary>How an answer's citations were found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CitationBasis>))]
public enum CitationBasis
{
    /// <summary>From its [n] markers.</summary>
    Markers,

    /// <summary>It has no markers: every passage it was given.</summary>
    Passages,

    /// <summary>No passage was found; nothing is cited.</summary>
    None,
}
