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

    /// <summary>
    /// The cached value of <paramref name="key"/> (Hit or L1Hit), or null when there is none (absent, expired, or Redis
    /// unreachable); never computes one, nor waits for or joins a computation under way. A hit is a read like
    /// <see cref="GetOrCreateAsync{T}"/>'s: it slides a sliding entry and keeps an in-process copy, as
    /// <paramref name="policy"/> says. Only the policy's expiration and <see cref="CachePolicy.UseL1"/> matter here: a
    /// read writes no tags (a copy keeps the stored entry's own), and there is nothing to protect from a stampede.
    /// </summary>
    /// <remarks>A miss is not counted: a caller that finds nothing goes on to compute the value, and that counts it.</remarks>
    /// <exception cref="ArgumentException">The key or the policy is not valid (the message names the field).</exception>
    ValueTask<CacheResult<T>?> TryGetAsync<T>(string key, CachePolicy policy, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/> from Redis and from every replica's in-process copy.</summary>
    /// <returns>Whether Redis held the key.</returns>
    ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every entry stored with <paramref name="tag"/>, in Redis and in every replica's in-process copy.</summary>
    /// <returns>How many entries Redis held.</returns>
    ValueTask<long> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default);

    /// <summary>What Redis holds for <paramref name="key"/>, without counting as a read (no sliding, no recompute); null when absent.</summary>
    ValueTask<CacheEntryInfo?> GetEntryInfoAsync(string key, CancellationToken cancellationToken = default);
}
