using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /cache/embeddings</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EmbeddingRequest
{
    /// <summary>The longest text accepted, in characters.</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>The text to embed (required, at most 20,000 characters).</summary>
    public string? Text { get; init; }

    /// <summary>Return the vector itself, not only its description.</summary>
    public bool IncludeVector { get; init; }

    /// <summary>
    /// The tenant it is embedded for, whose cache entries it uses: by default the caller's only tenant; an admin naming
    /// none uses the shared entries.
    /// </summary>
    public string? Tenant { get; init; }
}

/// <summary>A text's embedding through the cache.</summary>
/// <param name="Key">The cache key: <c>tenant:NAME:embedding:MODEL:SHA-256 of the normalised text</c> (no tenant prefix for the shared entries).</param>
/// <param name="Outcome">Hit, L1Hit, Miss (the model ran) or Bypassed (Redis unreachable).</param>
/// <param name="Model">The model that made it.</param>
/// <param name="Dimensions">The vector's length.</param>
/// <param name="Milliseconds">How long the embedding took, cache included.</param>
/// <param name="Vector">The vector, when asked for.</param>
public sealed record EmbeddingResponse(
    string? Key, CacheOutcome? Outcome, string? Model, int Dimensions, double Milliseconds, float[]? Vector);
