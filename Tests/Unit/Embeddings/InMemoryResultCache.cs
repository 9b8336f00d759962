using System.Collections.Concurrent;
using System.Text.Json;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Embeddings;

/// <summary>
/// An honest stand-in for the Redis cache: values are stored serialized with System.Text.Json, as the real cache does,
/// a first call reports Miss and later ones Hit, and concurrent callers of one key share one factory call.
/// </summary>
public sealed class InMemoryResultCache : IResultCache
{
    private readonly ConcurrentDictionary<string, (byte[] Value, CachePolicy Policy)> entries = new();
    private readonly ConcurrentDictionary<string, Task> flights = new();
    private int factoryCalls;

    /// <summary>How many factories ran.</summary>
    public int FactoryCalls => Volatile.Read(ref factoryCalls);

    public IReadOnlyCollection<string> Keys => [.. entries.Keys];

    public CachePolicy? PolicyOf(string key) => entries.TryGetValue(key, out var entry) ? entry.Policy : null;

    public T? Peek<T>(string key) => entries.TryGetValue(key, out var entry) ? JsonSerializer.Deserialize<T>(entry.Value) : default;

    public async ValueTask<CacheResult<T>> GetOrCreateAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy, CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        // Like a Redis round trip, the lookup does not complete synchronously.
        await Task.Yield();
        while (true)
        {
            if (entries.TryGetValue(key, out var stored))
            {
                return new CacheResult<T>(JsonSerializer.Deserialize<T>(stored.Value)!, CacheOutcome.Hit);
            }

            var flight = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            var current = flights.GetOrAdd(key, flight.Task);
            if (current != flight.Task)
            {
                // Another caller's factory is running: its value is this caller's too (a miss, shared).
                await current.WaitAsync(cancellationToken);
                if (entries.TryGetValue(key, out stored))
                {
                    return new CacheResult<T>(JsonSerializer.Deserialize<T>(stored.Value)!, CacheOutcome.Miss);
                }

                continue;
            }

            try
            {
                if (entries.TryGetValue(key, out stored))
                {
                    var value = JsonSerializer.Deserialize<T>(stored.Value)!;
                    flight.SetResult(value);
                    return new CacheResult<T>(value, CacheOutcome.Hit);
                }

                Interlocked.Increment(ref factoryCalls);
                var created = await factory(cancellationToken);
                entries[key] = (JsonSerializer.SerializeToUtf8Bytes(created), policy);
                flight.SetResult(created);
                return new CacheResult<T>(created, CacheOutcome.Miss);
            }
            catch (Exception exception)
            {
                flight.TrySetException(exception);
                throw;
            }
            finally
            {
                flights.TryRemove(KeyValuePair.Create(key, (Task)flight.Task));
            }
        }
    }

    public async ValueTask<CacheResult<T>?> TryGetAsync<T>(string key, CachePolicy policy, CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        await Task.Yield();
        return entries.TryGetValue(key, out var stored) ? new CacheResult<T>(JsonSerializer.Deserialize<T>(stored.Value)!, CacheOutcome.Hit) : null;
    }

    public ValueTask<bool> InvalidateAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(entries.TryRemove(key, out _));

    public ValueTask<long> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(0L);

    public ValueTask<CacheEntryInfo?> GetEntryInfoAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(entries.TryGetValue(key, out var entry)
            ? new CacheEntryInfo(key, entry.Policy.Strategy, entry.Policy.TimeToLive, DateTimeOffset.UnixEpoch, TimeSpan.Zero,
                entry.Value.Length, System.Text.Encoding.UTF8.GetString(entry.Value.AsSpan(0, Math.Min(64, entry.Value.Length))), entry.Policy.Tags)
            : null);
}
