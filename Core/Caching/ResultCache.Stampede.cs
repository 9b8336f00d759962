using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

public sealed partial class ResultCache
{
    /// <summary>Deletes the lock only if it still holds our token, so a slow holder never deletes another's lock.</summary>
    private const string ReleaseLockScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
            return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    /// <summary>Callers waiting for another process's value, woken when it announces the key on the stored channel.</summary>
    private readonly StoredSignals storedSignals = new();

    /// <summary>
    /// The miss path, run once per key in this process. Without the distributed lock it runs the factory. With it,
    /// the caller that takes the lock runs the factory; the others wait for that value (or serve the stale one when
    /// allowed), and take the lock themselves if its holder dies (the lock expires) or the wait times out.
    /// </summary>
    /// <param name="background">An early recompute: gives up at once when another process holds the lock.</param>
    /// <returns>The value; null only for a background recompute that left the work to another process.</returns>
    private async Task<CacheResult<T>?> RecomputeAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy, StoredValue<T>? stale, bool background)
    {
        if (!policy.Stampede.HasFlag(StampedeProtection.DistributedLock) || !RedisUsable)
        {
            return await RunFactoryAndStoreAsync(key, factory, policy).ConfigureAwait(false);
        }

        var wait = new LockWait(Guid.NewGuid().ToString("N"), time.GetTimestamp() + (long)(policy.LockWaitTimeout.TotalSeconds * time.TimestampFrequency));
        while (true)
        {
            if (await ComputeUnderLockAsync(key, factory, policy, wait.Token).ConfigureAwait(false) is { } computed)
            {
                return computed;
            }

            if (background)
            {
                return null;
            }

            if (stale is not null && policy.ServeStaleWhileRecomputing)
            {
                Statistics.StaleServed();
                return new CacheResult<T>(stale.Value, CacheOutcome.Stale);
            }

            if (await WaitForHolderAsync(key, factory, policy, wait).ConfigureAwait(false) is { } waited)
            {
                return waited;
            }
        }
    }

    /// <summary>
    /// Takes the lock and computes the value under it (unless another process stored it meanwhile); without Redis,
    /// computes it without the lock. Null when another process holds the lock.
    /// </summary>
    private async Task<CacheResult<T>?> ComputeUnderLockAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy, string token)
    {
        try
        {
            if (!await redis.GetDatabase()
                .StringSetAsync(keys.Lock(key), token, policy.LockTimeToLive, When.NotExists)
                .WaitAsync(options.RedisTimeout).ConfigureAwait(false))
            {
                return null;
            }
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            breaker.OnFailure(exception);
            return await RunFactoryAndStoreAsync(key, factory, policy).ConfigureAwait(false);
        }

        try
        {
            // Another process may have stored the value between our miss and our lock.
            if (await ReadFreshAsync<T>(key, policy).ConfigureAwait(false) is { } landed)
            {
                return new CacheResult<T>(landed.Value, CacheOutcome.Miss);
            }

            return await RunFactoryAndStoreAsync(key, factory, policy).ConfigureAwait(false);
        }
        finally
        {
            await ReleaseLockAsync(key, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One wait for the lock's holder: its value when it has landed; computed here when Redis fails or the wait has
    /// lasted <see cref="CachePolicy.LockWaitTimeout"/>; null after waiting a poll interval (or less, when woken), to try again.
    /// </summary>
    private async Task<CacheResult<T>?> WaitForHolderAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy, LockWait wait)
    {
        if (!wait.Counted)
        {
            Statistics.LockWait();
            wait.Counted = true;
        }

        var signal = storedSignals.WaitFor(key);
        StoredValue<T>? value;
        try
        {
            value = await ReadFreshAsync<T>(key, policy).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            breaker.OnFailure(exception);
            return await RunFactoryAndStoreAsync(key, factory, policy).ConfigureAwait(false);
        }

        if (value is not null)
        {
            return new CacheResult<T>(value.Value, CacheOutcome.Miss);
        }

        if (time.GetTimestamp() >= wait.Deadline)
        {
            Statistics.LockTimeout();
            LogLockWaitTimedOut(key, policy.LockWaitTimeout.TotalMilliseconds);
            return await RunFactoryAndStoreAsync(key, factory, policy).ConfigureAwait(false);
        }

        await Task.WhenAny(signal, Task.Delay(options.LockPollInterval, time)).ConfigureAwait(false);
        return null;
    }

    private async Task<StoredValue<T>?> ReadFreshAsync<T>(string key, CachePolicy policy)
    {
        var found = await ReadAsync<T>(key, policy).WaitAsync(options.RedisTimeout).ConfigureAwait(false);
        return found is not null && !found.Header.IsExpiredAt(time.GetUtcNow().ToUnixTimeMilliseconds()) ? found : null;
    }

    private async Task<CacheResult<T>?> RunFactoryAndStoreAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy)
    {
        var (value, elapsedMs) = await RunFactoryAsync(key, factory).ConfigureAwait(false);
        await StoreAsync(key, value, elapsedMs, policy).ConfigureAwait(false);
        return new CacheResult<T>(value, CacheOutcome.Miss);
    }

    private async Task ReleaseLockAsync(string key, string token)
    {
        try
        {
            await redis.GetDatabase().ScriptEvaluateAsync(ReleaseLockScript, [keys.Lock(key)], [token]).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The lock expires by itself; waiters take over then.
            LogRedisFailure(exception, "releasing the lock of", key);
        }
    }

    /// <summary>
    /// XFetch on a hit: with a probability that grows as expiry nears, recompute in the background while the
    /// current value is served. Only one recompute per key runs in this process; with the distributed lock, only
    /// one across processes.
    /// </summary>
    private void MaybeRecomputeEarly<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy, EnvelopeHeader header)
    {
        if (!policy.Stampede.HasFlag(StampedeProtection.EarlyRecompute)
            || !header.HasExpiry
            || singleFlight.IsRunning(key)
            || !EarlyRecompute.ShouldRecompute(
                time.GetUtcNow().ToUnixTimeMilliseconds(), header.ExpiresAtMs, header.RecomputeMs,
                policy.EarlyRecomputeBeta, Random.Shared.NextDouble()))
        {
            return;
        }

        Statistics.EarlyRecompute();
        _ = RecomputeInBackgroundAsync(key, factory, policy);
    }

    // A method of its own, not a local function: captured parameters would cost an allocation on every hit.
    private async Task RecomputeInBackgroundAsync<T>(string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy)
    {
        try
        {
            await singleFlight.RunAsync(
                key, () => RecomputeAsync(key, factory, policy, stale: null, background: true), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            LogEarlyRecomputeFailed(exception, key);
        }
    }

    private void OnStored(string key) => storedSignals.Announce(key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waited {WaitMilliseconds} ms for another process to compute cache key {Key}; computing it here")]
    private partial void LogLockWaitTimedOut(string key, double waitMilliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Early recompute of cache key {Key} failed; the current value stays until it expires")]
    private partial void LogEarlyRecomputeFailed(Exception exception, string key);
}
