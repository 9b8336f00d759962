using RedisAspire.Contracts;
using System.Net;

namespace RedisAspire.Web.Services;

public sealed partial class ApiClient
{
    /// <summary>This replica's cache counters.</summary>
    public Task<CacheStatisticsResponse> GetCacheStatisticsAsync(CancellationToken cancellationToken) =>
        GetAsync<CacheStatisticsResponse>("/cache/stats", cancellationToken);

    /// <summary>Redis's memory, eviction policy and keyspace, with the advisor's findings.</summary>
    public Task<CacheEvictionResponse> GetCacheEvictionAsync(CancellationToken cancellationToken) =>
        GetAsync<CacheEvictionResponse>("/cache/eviction", cancellationToken);

    /// <summary>Sets the cache Redis's eviction policy (and maxmemory when given); answers the memory report after the change.</summary>
    public Task<CacheEvictionResponse> ChangeEvictionAsync(EvictionChangeRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<EvictionChangeRequest, CacheEvictionResponse>(HttpMethod.Put, "/cache/eviction", request, cancellationToken);

    /// <summary>What Redis holds for a key; null when it holds nothing.</summary>
    public Task<CacheEntryResponse?> GetCacheEntryAsync(string key, CancellationToken cancellationToken) =>
        GetOrNullAsync<CacheEntryResponse>($"/cache/entries/{WebUtility.UrlEncode(key)}", cancellationToken);

    /// <summary>Removes a key from Redis and from every replica's in-process copy.</summary>
    public Task InvalidateCacheEntryAsync(string key, CancellationToken cancellationToken) =>
        SendWithoutAnswerAsync(HttpMethod.Delete, $"/cache/entries/{WebUtility.UrlEncode(key)}", cancellationToken);

    /// <summary>Removes every entry stored with a tag.</summary>
    public Task<TagInvalidation> InvalidateCacheTagAsync(string tag, CancellationToken cancellationToken) =>
        SendForAsync<TagInvalidation>(HttpMethod.Delete, $"/cache/tags/{WebUtility.UrlEncode(tag)}", cancellationToken);

    /// <summary>Embeds a text through the embedding cache.</summary>
    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<EmbeddingRequest, EmbeddingResponse>(HttpMethod.Post, "/cache/embeddings", request, cancellationToken);

    /// <summary>Fires concurrent callers at one missing key and reports what the protection did.</summary>
    public Task<StampedeLabResponse> RunStampedeLabAsync(StampedeLabRequest request, CancellationToken cancellationToken) =>
        SendJsonAsync<StampedeLabRequest, StampedeLabResponse>(HttpMethod.Post, "/cache/stampede-lab", request, cancellationToken);
}
