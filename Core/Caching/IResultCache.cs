namespace RedisAspire.Core.Caching;

/// <summary>
/// Caches the results of expensive work (embeddings, LLM answers, search results) in Redis, optionally with an
/// in-process copy, under the expiration and stampede protection each call's <see cref="CachePolicy"/> chooses.
/// </summary>
public interface IResultCache
{
    /// <summary>
    /// The cached value of <paramref name="key"/>, or the result of <paramref name="factory"/>, stored under
    /// <paramref name="policy"/>. Concurrent callers for one key in this process share one factory call.
    /// </summary>
    /// <remarks>A key holds values of one type: callers sharing a key must ask for the same <typeparamref name="T"/>.</remarks>
    /// <exception cref="ArgumentException">The key or the policy is not valid (the message names the field).</exception>
    /// <exception cref="CacheValueTooLargeException">The serialized value is over the configured size limit.</exception>
    ValueTask<CacheResult<T>> GetOrCreateAsync<T>(
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        CachePolicy policy,
        CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/> from Redis and from every replica's in-process copy.</summary>
    /// <returns>Whether Redis held the key.</returns>
    ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry stored with <paramref name="tag"/>, in Redis and in every replica's in-process copy.</summary>
    /// <returns>How many entries Redis held.</returns>
    ValueTask<long> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default);

    /// <summary>What Redis holds for <paramref name="key"/>, without counting as a read (no sliding, no recompute); null when absent.</summary>
    ValueTask<CacheEntryInfo?> GetEntryInfoAsync(string key, CancellationToken cancellationToken = default);
}
