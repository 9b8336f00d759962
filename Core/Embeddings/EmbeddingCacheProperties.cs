using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// Where an embedding returned by <see cref="CachingEmbeddingGenerator"/> came from: every such embedding carries its
/// <see cref="CacheOutcome"/> and cache key in <see cref="Embedding.AdditionalProperties"/>, so a caller holding only
/// an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> can still tell a hit from a miss.
/// </summary>
public static class EmbeddingCacheProperties
{
    /// <summary>The additional property holding the <see cref="CacheOutcome"/>.</summary>
    public const string Outcome = "redisaspire.cache.outcome";

    /// <summary>The additional property holding the cache key.</summary>
    public const string Key = "redisaspire.cache.key";

    /// <summary>
    /// The option naming the tenant a text is embedded for: its entry is that tenant's (<c>tenant:NAME:embedding:...</c>),
    /// so no tenant can tell from a hit, or from its speed, what another has embedded.
    /// </summary>
    public const string Tenant = "redisaspire.cache.tenant";

    /// <summary>Options that cache the embedding as <paramref name="tenant"/>'s; null (the shared entries) for no tenant.</summary>
    public static EmbeddingGenerationOptions? ForTenant(string? tenant) =>
        tenant is null ? null : new EmbeddingGenerationOptions { AdditionalProperties = new() { [Tenant] = tenant } };

    /// <summary>Where <paramref name="embedding"/> came from; null when it did not pass through the cache.</summary>
    public static CacheOutcome? GetCacheOutcome(this Embedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return embedding.AdditionalProperties?.TryGetValue(Outcome, out var value) == true && value is CacheOutcome outcome ? outcome : null;
    }

    /// <summary>The cache key <paramref name="embedding"/> was looked up under; null when it did not pass through the cache.</summary>
    public static string? GetCacheKey(this Embedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        return embedding.AdditionalProperties?.TryGetValue(Key, out var value) == true ? value as string : null;
    }
}
