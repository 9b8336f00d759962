using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Caching.Eviction;
using StackExchange.Redis;

namespace RedisAspire.Api.Apis.Cache;

/// <summary>What the cache endpoints use.</summary>
/// <param name="Cache">The result cache, as every service shares it.</param>
/// <param name="Replica">This replica's cache, for its counters and in-process copies.</param>
/// <param name="Replicas">Every replica's reported counters.</param>
/// <param name="Embeddings">The embedding generator, behind the cache.</param>
/// <param name="Redis">The cache Redis.</param>
/// <param name="Eviction">The eviction settings.</param>
/// <param name="PolicyChanger">What changes the eviction policy, where allowed.</param>
/// <param name="StampedeLab">The stampede lab.</param>
public sealed record CacheServices(
    IResultCache Cache,
    ResultCache Replica,
    CacheReplicas Replicas,
    IEmbeddingGenerator<string, Embedding<float>> Embeddings,
    IConnectionMultiplexer Redis,
    IOptions<CacheEvictionOptions> Eviction,
    EvictionPolicyChanger PolicyChanger,
    StampedeLab StampedeLab);
