namespace RedisAspire.Core.Embeddings;

/// <summary>The configuration section <c>Embeddings:Cache</c>.</summary>
public sealed class EmbeddingCacheOptions
{
    /// <summary><c>Embeddings:Cache:TimeToLive</c>: the fixed lifetime of a cached embedding (default 1 hour).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);
}
