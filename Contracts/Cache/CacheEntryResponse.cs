namespace RedisAspire.Contracts;

/// <summary>What Redis holds for a cache key (<c>GET /cache/entries/{key}</c>).</summary>
/// <param name="Key">The key, as callers name it.</param>
/// <param name="Strategy">How it expires.</param>
/// <param name="TimeToLive">The time it has left; null when it never expires.</param>
/// <param name="StoredAt">When it was stored.</param>
/// <param name="RecomputeDuration">How long its factory took (early recomputation weighs by it).</param>
/// <param name="SizeBytes">The serialized value's size.</param>
/// <param name="Preview">The beginning of the serialized value.</param>
/// <param name="Tags">The tags it was stored with.</param>
/// <param name="HeldInProcess">Whether the answering replica (<paramref name="AnsweredBy"/>) also holds the value in process (L1).</param>
/// <param name="InProcessExpiresAt">When the answering replica's in-process copy expires; null when it holds none or the copy does not expire.</param>
/// <param name="AnsweredBy">The id of the replica that answered, as <c>GET /cache/stats</c> lists it.</param>
public sealed record CacheEntryResponse(
    string Key,
    ExpirationStrategy Strategy,
    TimeSpan? TimeToLive,
    DateTimeOffset StoredAt,
    TimeSpan RecomputeDuration,
    int SizeBytes,
    string Preview,
    IReadOnlyList<string> Tags,
    bool? HeldInProcess = null,
    DateTimeOffset? InProcessExpiresAt = null,
    string? AnsweredBy = null);

/// <summary>A tag's invalidation (<c>DELETE /cache/tags/{tag}</c>).</summary>
/// <param name="Tag">The tag invalidated.</param>
/// <param name="Deleted">How many entries Redis held with it.</param>
public sealed record TagInvalidation(string Tag, long Deleted);
