using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The in-process tier. A copy expires no later than its Redis entry and is dropped when any replica invalidates
/// its key or one of its tags. Values are shared between callers as they are: cache immutable values.
/// </summary>
internal sealed class L1Cache : IDisposable
{
    private readonly MemoryCache entries;
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> keysByTag = new(StringComparer.Ordinal);

    public L1Cache(long sizeLimitBytes, TimeProvider time)
    {
        entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimitBytes, Clock = new TimeProviderClock(time) });
    }

    public int Count => entries.Count;

    public bool TryGet(string key, out L1Entry entry)
    {
        if (entries.TryGetValue(key, out var found) && found is L1Entry l1Entry)
        {
            entry = l1Entry;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Stores a copy that expires at <paramref name="entry"/>'s expiry (when it has one).</summary>
    public void Set(string key, L1Entry entry)
    {
        var options = new MemoryCacheEntryOptions { Size = Math.Max(1, entry.SizeBytes) };
        if (entry.ExpiresAt is { } expiresAt)
        {
            options.AbsoluteExpiration = expiresAt;
        }

        if (entry.Tags.Count > 0)
        {
            foreach (var tag in entry.Tags)
            {
                keysByTag.GetOrAdd(tag, _ => new(StringComparer.Ordinal))[key] = 0;
            }

            options.RegisterPostEvictionCallback(static (evictedKey, value, reason, state) =>
            {
                var l1 = (L1Cache)state!;
                foreach (var tag in ((L1Entry)value!).Tags)
                {
                    if (l1.keysByTag.TryGetValue(tag, out var keys))
                    {
                        keys.TryRemove((string)evictedKey, out var ignored);
                    }
                }
            }, this);
        }

        entries.Set(key, entry, options);
    }

    public void Remove(string key) => entries.Remove(key);

    /// <summary>Drops every copy stored with <paramref name="tag"/>; returns how many there were.</summary>
    public int RemoveTag(string tag)
    {
        if (!keysByTag.TryRemove(tag, out var keys))
        {
            return 0;
        }

        foreach (var key in keys.Keys)
        {
            entries.Remove(key);
        }

        return keys.Count;
    }

    /// <summary>Drops every copy: after a pub/sub reconnect, invalidations may have been missed.</summary>
    public void Clear()
    {
        entries.Clear();
        keysByTag.Clear();
    }

    public void Dispose() => entries.Dispose();

    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}

/// <summary>An in-process copy of a cached value.</summary>
/// <param name="ExpiresAt">When the Redis entry expires, as far as this process knows; null when it does not.</param>
/// <param name="Header">The stored header (logical expiry, XFetch's delta).</param>
internal sealed record L1Entry(object? Value, DateTimeOffset? ExpiresAt, EnvelopeHeader Header, int SizeBytes, IReadOnlyList<string> Tags)
{
    /// <summary>Sliding entries: when this process last pushed the Redis expiry out (unix ms).</summary>
    public long LastRenewedMs { get; set; }
}
