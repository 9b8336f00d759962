namespace RedisAspire.Core.Caching;

/// <summary>A value this replica holds in process (L1).</summary>
/// <param name="ExpiresAt">When the copy expires, with its Redis entry as this replica knows it; null when it does not expire.</param>
/// <param name="SizeBytes">Its serialized size, as counted against <see cref="ResultCacheOptions.L1SizeLimitBytes"/>.</param>
public sealed record InProcessCopy(DateTimeOffset? ExpiresAt, int SizeBytes);
