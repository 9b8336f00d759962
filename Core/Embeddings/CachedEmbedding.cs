namespace RedisAspire.Core.Embeddings;

/// <summary>What the cache stores for one embedding (as float32 bytes, see <see cref="CachedEmbeddingSerializer"/>).</summary>
/// <param name="Vector">The embedding.</param>
/// <param name="ModelId">The model that produced it, as the generator reported it.</param>
/// <param name="CreatedAt">When the generator produced it.</param>
internal sealed record CachedEmbedding(float[] Vector, string? ModelId, DateTimeOffset? CreatedAt);
