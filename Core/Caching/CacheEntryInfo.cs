namespace RedisAspire.Core.Caching;

/// <summary>What Redis holds for one cache entry.</summary>
/// <param name="Key">The cache key, as the caller gave it.</param>
/// <param name="Strategy">The expiration strategy it was stored with.</param>
/// <param name="TimeToLive">What Redis has left on it; null when it never expires.</param>
/// <param name="StoredAt">When its value was computed and stored.</param>
/// <param name="RecomputeDuration">How long the factory took (XFetch's delta).</param>
/// <param name="SizeBytes">The serialized value's size.</param>
/// <param name="Preview">The start of the serialized value, as text.</param>
/// <param name="Tags">The tags it was stored with.</param>
public sealed record CacheEntryInfo(
    string Key,
    ExpirationStrategy Strategy,
    TimeSpan? TimeToLive,
    DateTimeOffset StoredAt,
    TimeSpan RecomputeDuration,
    int SizeBytes,
    string Preview,
    IReadOnlyList<string> Tags);
