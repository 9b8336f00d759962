using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>The configuration section <c>Embeddings:Cache</c>.</summary>
public sealed class EmbeddingCacheOptions
{
    /// <summary><c>Embeddings:Cache:TimeToLive</c>: the fixed lifetime of a cached embedding (default 1 hour).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>Embeddings:Cache:InProcess</c>: also keep each embedding in the process (the cache's L1, default true). A key
    /// names the model and the text, so its vector never changes and the copy cannot go stale; it lives no longer than
    /// the Redis entry and shares the cache's L1 size limit.
    /// </summary>
    public bool InProcess { get; set; } = true;

    /// <summary>The cache policy of new embeddings.</summary>
    internal CachePolicy ToPolicy() => CachePolicy.Fixed(TimeToLive) with { UseL1 = InProcess };
}
