using System.Text;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

public sealed partial class ResultCache
{
    private const int PreviewBytes = 256;

    /// <summary>
    /// One round trip: <c>GET</c>, or for a sliding entry <c>GETEX ... PX window</c>, which renews the window
    /// atomically with the read. A sliding entry with a maximum lifetime is then held to it.
    /// </summary>
    private async Task<StoredValue<T>?> ReadAsync<T>(string key, CachePolicy policy)
    {
        var database = redis.GetDatabase();
        var valueKey = keys.Value(key);
        if (policy.Strategy == ExpirationStrategy.Sliding)
        {
            var window = policy.TimeToLive!.Value;
            var bytes = (byte[]?)await database.StringGetSetExpiryAsync(valueKey, window).ConfigureAwait(false);
            if (bytes is null || !TryDecode<T>(key, bytes, policy.UseL1, out var stored))
            {
                return null;
            }

            var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
            if (stored.Header.HasExpiry && nowMs + (long)window.TotalMilliseconds > stored.Header.ExpiresAtMs)
            {
                // The window would outlast the maximum lifetime: the maximum wins.
                _ = database.KeyExpireAsync(valueKey, DateTimeOffset.FromUnixTimeMilliseconds(stored.Header.ExpiresAtMs).UtcDateTime, CommandFlags.FireAndForget);
            }

            return stored;
        }

        using var lease = await database.StringGetLeaseAsync(valueKey).ConfigureAwait(false);
        return lease is not null && TryDecode<T>(key, lease.Span, policy.UseL1, out var value) ? value : null;
    }

    private bool TryDecode<T>(string key, ReadOnlySpan<byte> bytes, bool readTags, out StoredValue<T> stored)
    {
        if (!CacheEnvelope.TryRead(bytes, out var header, out var payload))
        {
            // Written by another format version, or not by this cache: a miss, and the next store replaces it.
            LogUnreadableEntry(key);
            stored = null!;
            return false;
        }

        T value;
        try
        {
            value = serializer.Deserialize<T>(payload);
        }
        catch (InvalidDataException exception)
        {
            // The serializer's own check failed (short, corrupt, another version of its format): a miss, as above.
            LogUndecodableEntry(exception, key);
            stored = null!;
            return false;
        }

        stored = new StoredValue<T>(value, header, payload.Length, readTags ? CacheEnvelope.ReadTags(bytes) : []);
        return true;
    }

    /// <summary>
    /// Stores the value (refusing it when too large), indexes its tags, tells lock waiters it landed, and keeps an
    /// in-process copy. Redis failing here costs the caller nothing: the value is returned all the same.
    /// </summary>
    private async Task StoreAsync<T>(string key, T value, int recomputeMs, CachePolicy policy)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var (header, physicalTimeToLive) = Lifetime(policy, nowMs, recomputeMs);
        var envelope = CacheEnvelope.Create(serializer, value, header, policy.Tags, key, options.MaxValueBytes);

        if (!RedisUsable)
        {
            return;
        }

        try
        {
            var database = redis.GetDatabase();
            var batch = database.CreateBatch();
            var set = physicalTimeToLive is { } ttl
                ? batch.StringSetAsync(keys.Value(key), envelope, ttl)
                : batch.StringSetAsync(keys.Value(key), envelope);
            // Reads keep a sliding entry past its window, up to its maximum lifetime (without one, for good): its tag
            // sets must last as long, or an invalidation would miss an entry that reading kept alive.
            var tagLifetime = policy.Strategy == ExpirationStrategy.Sliding ? policy.MaxLifetime : physicalTimeToLive;
            foreach (var tag in policy.Tags)
            {
                IndexTag(batch, tag, key, tagLifetime);
            }

            if (policy.Stampede.HasFlag(StampedeProtection.DistributedLock))
            {
                _ = batch.PublishAsync(RedisChannel.Literal(keys.StoredChannel), key, CommandFlags.FireAndForget);
            }

            batch.Execute();
            await set.WaitAsync(options.RedisTimeout).ConfigureAwait(false);
            breaker.OnSuccess();
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            if (IsUnavailable(exception))
            {
                breaker.OnFailure(exception);
            }
            else
            {
                Statistics.RedisError();
            }

            LogRedisFailure(exception, "storing", key);
            return;
        }

        // Only a value Redis holds is copied: a copy must never outlive (or exist without) its Redis entry.
        if (policy.UseL1)
        {
            var expiresAt = physicalTimeToLive is { } lifetime ? now + lifetime : (DateTimeOffset?)null;
            l1.Set(key, new L1Entry(value, expiresAt, header, envelope.Length, policy.Tags) { LastRenewedMs = nowMs });
        }
    }

    /// <summary>
    /// The header's logical expiry (what XFetch aims before; past it a value is stale) and the physical lifetime
    /// Redis enforces. Entries that may be served stale outlive their logical expiry by the lock's lifetime.
    /// </summary>
    private static (EnvelopeHeader Header, TimeSpan? PhysicalTimeToLive) Lifetime(CachePolicy policy, long nowMs, int recomputeMs)
    {
        var grace = policy.ServeStaleWhileRecomputing ? policy.LockTimeToLive : TimeSpan.Zero;
        return policy.Strategy switch
        {
            ExpirationStrategy.Fixed => (
                new EnvelopeHeader(policy.Strategy, nowMs, nowMs + (long)policy.TimeToLive!.Value.TotalMilliseconds, recomputeMs),
                policy.TimeToLive.Value + grace),
            ExpirationStrategy.Sliding => (
                new EnvelopeHeader(policy.Strategy, nowMs, policy.MaxLifetime is { } max ? nowMs + (long)max.TotalMilliseconds : 0, recomputeMs),
                policy.TimeToLive!.Value),
            _ => (
                new EnvelopeHeader(policy.Strategy, nowMs, policy.TimeToLive is { } safety ? nowMs + (long)safety.TotalMilliseconds : 0, recomputeMs),
                policy.TimeToLive + grace),
        };
    }

    /// <summary>
    /// Adds a key to its tag's set, and keeps the set as long as its longest-lived entry: its expiry is only ever
    /// lengthened, and an entry without expiry makes it permanent (remembered by a marker key in the same slot, so a
    /// later entry with an expiry cannot give the set one).
    /// </summary>
    private const string IndexTagScript = """
        redis.call('SADD', KEYS[1], ARGV[1])
        if ARGV[2] == '-1' then
            redis.call('PERSIST', KEYS[1])
            redis.call('SET', KEYS[2], '1')
            return 1
        end
        if redis.call('EXISTS', KEYS[2]) == 1 then
            return 0
        end
        local left = redis.call('PTTL', KEYS[1])
        if left < tonumber(ARGV[2]) then
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private void IndexTag(IBatch batch, string tag, string key, TimeSpan? entryTimeToLive)
    {
        var lifetimeMs = entryTimeToLive is { } ttl ? (long)Math.Ceiling(ttl.TotalMilliseconds) : -1;
        _ = batch.ScriptEvaluateAsync(
            IndexTagScript, [keys.Tag(tag), keys.PermanentTag(tag)], [key, lifetimeMs], CommandFlags.FireAndForget);
    }

    private void KeepCopy<T>(string key, StoredValue<T> stored, CachePolicy policy)
    {
        if (!policy.UseL1)
        {
            return;
        }

        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        DateTimeOffset? expiresAt = policy.Strategy switch
        {
            // GETEX has just set the entry's expiry to now + window (or its maximum lifetime, if sooner).
            ExpirationStrategy.Sliding => now + SlidingWindowFrom(nowMs, policy, stored.Header),
            _ when stored.Header.HasExpiry => DateTimeOffset.FromUnixTimeMilliseconds(stored.Header.ExpiresAtMs),
            _ => null,
        };
        l1.Set(key, new L1Entry(stored.Value, expiresAt, stored.Header, stored.SizeBytes, stored.Tags) { LastRenewedMs = nowMs });
    }

    /// <summary>
    /// Reads served from the in-process copy must slide the Redis entry too, or it would expire under a hot key.
    /// At most once per quarter window, in the background, the Redis expiry is pushed out and the copy follows;
    /// a copy whose Redis entry is gone is dropped.
    /// </summary>
    private void RenewSlidingCopy(string key, L1Entry copy, CachePolicy policy)
    {
        if (policy.Strategy != ExpirationStrategy.Sliding)
        {
            return;
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var window = policy.TimeToLive!.Value;
        if (nowMs - copy.LastRenewedMs < window.TotalMilliseconds / 4 || !RedisUsable)
        {
            return;
        }

        copy.LastRenewedMs = nowMs;
        _ = RenewAsync(key, copy, policy, nowMs);
    }

    // A method of its own, not a local function: captured parameters would cost an allocation on every hit.
    private async Task RenewAsync(string key, L1Entry copy, CachePolicy policy, long nowMs)
    {
        try
        {
            var renewal = SlidingWindowFrom(nowMs, policy, copy.Header);
            if (await redis.GetDatabase().KeyExpireAsync(keys.Value(key), renewal).ConfigureAwait(false))
            {
                l1.Set(key, copy with { ExpiresAt = time.GetUtcNow() + renewal, LastRenewedMs = nowMs });
            }
            else
            {
                l1.Remove(key);
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            l1.Remove(key);
            LogRedisFailure(exception, "renewing", key);
        }
    }

    private static TimeSpan SlidingWindowFrom(long nowMs, CachePolicy policy, EnvelopeHeader header)
    {
        var window = policy.TimeToLive!.Value;
        return header.HasExpiry ? TimeSpan.FromMilliseconds(Math.Clamp(header.ExpiresAtMs - nowMs, 0, window.TotalMilliseconds)) : window;
    }

    public async ValueTask<CacheEntryInfo?> GetEntryInfoAsync(string key, CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateKey(key);
        var database = redis.GetDatabase();
        var valueKey = keys.Value(key);
        var read = database.StringGetAsync(valueKey);
        var timeToLive = database.KeyTimeToLiveAsync(valueKey);
        var bytes = (byte[]?)await read.WaitAsync(cancellationToken).ConfigureAwait(false);
        var ttl = await timeToLive.WaitAsync(cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : DescribeEntry(key, bytes, ttl);
    }

    private static CacheEntryInfo? DescribeEntry(string key, byte[] bytes, TimeSpan? ttl)
    {
        if (!CacheEnvelope.TryRead(bytes, out var header, out var payload))
        {
            return null;
        }

        return new CacheEntryInfo(
            key,
            header.Strategy,
            ttl,
            DateTimeOffset.FromUnixTimeMilliseconds(header.StoredAtMs),
            TimeSpan.FromMilliseconds(header.RecomputeMs),
            payload.Length,
            Preview(payload[..Math.Min(payload.Length, PreviewBytes)]),
            CacheEnvelope.ReadTags(bytes));
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Cache key {Key} holds a value this cache cannot read; it is treated as missing")]
    private partial void LogUnreadableEntry(string key);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Cache key {Key} holds a value its serializer rejected; it is treated as missing")]
    private partial void LogUndecodableEntry(Exception exception, string key);

    /// <summary>
    /// The start of a value as text; a binary value (an embedding's float32 form) as its first bytes in hex, since
    /// decoded as UTF-8 they would be noise. Text formats never hold bytes 0 to 8 (JSON escapes them); binary ones
    /// almost always do (a version byte, small integers, float32 components).
    /// </summary>
    private static string Preview(ReadOnlySpan<byte> start) =>
        start.ContainsAnyInRange((byte)0, (byte)8)
            ? $"binary: {Convert.ToHexStringLower(start[..Math.Min(start.Length, 32)])}"
            : Encoding.UTF8.GetString(start);
}
