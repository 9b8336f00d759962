using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>What <c>POST /search</c> found, which tier and engine answered, and how long each step took.</summary>
/// <param name="Tier">The tier that answered: Hot (Redis) or Cold (PostgreSQL).</param>
/// <param name="Engine">The engine that answered: the hot tier's (RediSearch, VectorSets) or PostgreSQL.</param>
/// <param name="Index">The index searched.</param>
/// <param name="MissReason">Why the hot tier's answer was not used; null when it was, or when a tier was forced.</param>
/// <param name="Hits">The documents found, closest first.</param>
/// <param name="Timings">How long embedding and each tier took.</param>
/// <param name="Embedding">Whether the query's embedding came from the cache (Hit, L1Hit) or the model (Miss); null for a vector query.</param>
/// <param name="Result">Whether the whole answer came from the search-result cache (Hit, L1Hit) or the tiers (Miss); the tier and timings are then those of the answer cached; null with the cache off.</param>
/// <param name="Model">The embedding model of the version searched.</param>
/// <param name="EmbeddingVersion">The embedding version searched (a re-embedding makes a new one live).</param>
/// <param name="HotQuery">
/// The hot tier's query for this search in both engines' syntax (RediSearch's <c>FT.SEARCH</c> and Vector Sets' <c>VSIM</c>),
/// whichever tier or engine answered, to learn from; null when neither engine can write it.
/// </param>
public sealed record SearchResponse(
    AnsweringTier Tier,
    string Engine,
    string Index,
    HotMissReason? MissReason,
    IReadOnlyList<SearchHit> Hits,
    SearchTimings Timings,
    CacheOutcome? Embedding,
    CacheOutcome? Result,
    string Model,
    int EmbeddingVersion,
    HotTierQuery? HotQuery = null);

/// <summary>One document found.</summary>
/// <param name="Id">The document's id (a chunk's: <c>{document}#{n}</c>).</param>
/// <param name="Title">Its title, when it has one.</param>
/// <param name="Score">COSINE only: the similarity, from 0 to 1 (1 is the same direction).</param>
/// <param name="Distance">The raw distance in the metric's units (COSINE: 1 - cosine; IP: 1 - dot product; L2: squared).</param>
/// <param name="Fields">The other stored fields.</param>
public sealed record SearchHit(string Id, string? Title, double? Score, double? Distance, IReadOnlyDictionary<string, string> Fields);

/// <summary>How long a search's steps took.</summary>
/// <param name="EmbeddingMilliseconds">Embedding the text, cache included; 0 for a vector query.</param>
/// <param name="HotMilliseconds">The hot tier's query; null when it was not asked.</param>
/// <param name="ColdMilliseconds">PostgreSQL's query; null when it was not asked.</param>
public sealed record SearchTimings(double EmbeddingMilliseconds, double? HotMilliseconds, double? ColdMilliseconds);

/// <summary>The tier whose hits an answer holds.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AnsweringTier>))]
public enum AnsweringTier
{
    /// <summary>The Redis hot tier.</summary>
    Hot,

    /// <summary>PostgreSQL.</summary>
    Cold,
}

/// <summary>Why the hot tier's answer was not used.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HotMissReason>))]
public enum HotMissReason
{
    /// <summary>It found fewer than K documents that pass the filters.</summary>
    TooFewResults,

    /// <summary>Its best match was below the confidence threshold.</summary>
    BelowConfidence,

    /// <summary>It failed.</summary>
    Failed,

    /// <summary>It took longer than <c>Retrieval:HotTimeout</c>.</summary>
    TimedOut,
}
