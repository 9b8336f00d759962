using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /search</c>: a text to embed or a vector, how many results, and the filters.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SearchRequest
{
    /// <summary>The largest K a caller may ask for.</summary>
    public const int MaxK = 100;

    /// <summary>The longest text accepted, in characters.</summary>
    public const int MaxTextLength = EmbeddingRequest.MaxTextLength;

    /// <summary>The text to search for; embedded (through the embedding cache). Give this or <c>vector</c>.</summary>
    public string? Text { get; init; }

    /// <summary>The query vector itself, of the index's dimension. Give this or <c>text</c>.</summary>
    public float[]? Vector { get; init; }

    /// <summary>How many results, from 1 to 100; 5 when absent.</summary>
    public int K { get; init; } = 5;

    /// <summary>
    /// Conditions every result must meet: <c>tenant</c>, <c>language</c> (exact values), <c>updatedAfter</c>,
    /// <c>updatedBefore</c> (ISO 8601 instants or Unix seconds), and any other TAG field of the index (exact value) or
    /// NUMERIC field (<c>{ "min": .., "max": .. }</c>).
    /// </summary>
    public Dictionary<string, JsonElement>? Filters { get; init; }

    /// <summary>HNSW candidates to explore for this query only.</summary>
    public int? EfRuntime { get; init; }

    /// <summary>When set, a range query: every result within this distance (cosine: 0 to 2), at most K of them; answered by the hot tier.</summary>
    public double? Radius { get; init; }

    /// <summary>
    /// Which tier answers: <c>auto</c> (the default: the Redis hot tier when it is confident, else PostgreSQL),
    /// <c>hot</c> or <c>cold</c>.
    /// </summary>
    public string? Tier { get; init; }
}
