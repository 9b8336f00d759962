using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using StackExchange.Redis;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The result cache on Redis (L2) with an optional in-process tier (L1). Partial files by concern: reading and
/// writing Redis (<c>.Redis.cs</c>), stampede protection (<c>.Stampede.cs</c>), invalidation (<c>.Invalidation.cs</c>).
/// </summary>
public sealed partial class ResultCache : IResultCache, IDisposable
{
    private readonly IConnectionMultiplexer redis;
    private readonly IChannelSubscriptions subscriptions;
    private readonly ICacheSerializer serializer;
    private readonly ResultCacheOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<ResultCache> logger;
    private readonly CacheKeys keys;
    private readonly L1Cache l1;
    private readonly SingleFlight singleFlight = new();
    private readonly RedisCircuitBreaker breaker;
    private readonly CacheTelemetry telemetry;
    private readonly Action<RedisChannel, RedisValue> invalidationHandler;
    private readonly Action<RedisChannel, RedisValue> storedHandler;

    public ResultCache(
        IConnectionMultiplexer redis,
        IChannelSubscriptions subscriptions,
        ICacheSerializer serializer,
        IOptions<ResultCacheOptions> options,
        CacheStatistics statistics,
        TimeProvider time,
        ILogger<ResultCache> logger,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.redis = redis;
        this.subscriptions = subscriptions ?? throw new ArgumentNullException(nameof(subscriptions));
        this.serializer = serializer;
        this.options = options.Value;
        this.time = time;
        this.logger = logger;
        Statistics = statistics;
        keys = new CacheKeys(this.options.KeyPrefix);
        l1 = new L1Cache(this.options.L1SizeLimitBytes, time);
        breaker = new RedisCircuitBreaker(
            this.options.CircuitBreakerFailureThreshold, this.options.CircuitBreakerBreakDuration, time, statistics, logger);
        telemetry = new CacheTelemetry(meterFactory, statistics);
        invalidationHandler = (_, message) => OnInvalidation(message.ToString());
        storedHandler = (_, message) => OnStored(message.ToString());
        SubscribeToInvalidations();
    }

    /// <summary>What this cache instance has done.</summary>
    public CacheStatistics Statistics { get; }

    /// <summary>How many values the in-process tier holds.</summary>
    public int L1Count => l1.Count;

    /// <summary>Whether the in-process tier holds a copy of <paramref name="key"/>.</summary>
    public bool HoldsCopy(string key) => l1.TryGet(key, out _);

    /// <summary>This replica's in-process copy of <paramref name="key"/>; null when it holds none. Looking does not count as a read.</summary>
    public InProcessCopy? InProcessCopyOf(string key) =>
        l1.TryGet(key, out var copy) ? new InProcessCopy(copy.ExpiresAt, copy.SizeBytes) : null;

    public async ValueTask<CacheResult<T>> GetOrCreateAsync<T>(
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        CachePolicy policy,
        CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();

        if (policy.UseL1 && l1.TryGet(key, out var copy))
        {
            Statistics.L1Hit();
            RenewSlidingCopy(key, copy, policy);
            MaybeRecomputeEarly(key, factory, policy, copy.Header);
            return new CacheResult<T>((T)copy.Value!, CacheOutcome.L1Hit);
        }

        if (!RedisUsable)
        {
            return await BypassAsync(key, factory, cancellationToken).ConfigureAwait(false);
        }

        StoredValue<T>? stored;
        try
        {
            stored = await ReadAsync<T>(key, policy).WaitAsync(options.RedisTimeout, cancellationToken).ConfigureAwait(false);
            breaker.OnSuccess();
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            breaker.OnFailure(exception);
            return await BypassAsync(key, factory, cancellationToken).ConfigureAwait(false);
        }

        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (stored is not null && !stored.Header.IsExpiredAt(nowMs))
        {
            Statistics.Hit();
            KeepCopy(key, stored, policy);
            MaybeRecomputeEarly(key, factory, policy, stored.Header);
            return new CacheResult<T>(stored.Value, CacheOutcome.Hit);
        }

        Statistics.Miss();
        return await RecomputeOnMissAsync(key, factory, policy, stored, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<CacheResult<T>?> TryGetAsync<T>(string key, CachePolicy policy, CancellationToken cancellationToken = default)
    {
        CacheKeys.ValidateKey(key);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();

        if (policy.UseL1 && l1.TryGet(key, out var copy))
        {
            Statistics.L1Hit();
            RenewSlidingCopy(key, copy, policy);
            return new CacheResult<T>((T)copy.Value!, CacheOutcome.L1Hit);
        }

        if (!RedisUsable)
        {
            return null;
        }

        StoredValue<T>? stored;
        try
        {
            stored = await ReadAsync<T>(key, policy).WaitAsync(options.RedisTimeout, cancellationToken).ConfigureAwait(false);
            breaker.OnSuccess();
        }
        catch (Exception exception) when (IsUnavailable(exception))
        {
            breaker.OnFailure(exception);
            return null;
        }

        if (stored is null || stored.Header.IsExpiredAt(time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            return null;
        }

        Statistics.Hit();
        KeepCopy(key, stored, policy);
        return new CacheResult<T>(stored.Value, CacheOutcome.Hit);
    }

    // A method of its own: a lambda capturing GetOrCreateAsync's parameters would cost an allocation on every call, hits included.
    private async Task<CacheResult<T>> RecomputeOnMissAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CachePolicy policy, StoredValue<T>? stale, CancellationToken cancellationToken)
    {
        var result = await singleFlight.RunAsync(
            key, () => RecomputeAsync(key, factory, policy, stale, background: false), cancellationToken).ConfigureAwait(false);
        return result!.Value;
    }

    public void Dispose()
    {
        UnsubscribeFromInvalidations();
        l1.Dispose();
        telemetry.Dispose();
    }

    /// <summary>
    /// Whether to try Redis at all: not while the circuit is open, nor while the client knows it has no connection
    /// (it would queue the command until its timeout).
    /// </summary>
    private bool RedisUsable => breaker.AllowsRequests && redis.IsConnected;

    /// <summary>Redis cannot be reached or did not answer in time: the circuit breaker counts these.</summary>
    private static bool IsUnavailable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or TimeoutException;

    private async ValueTask<CacheResult<T>> BypassAsync<T>(
        string key, Func<CancellationToken, ValueTask<T>> factory, CancellationToken cancellationToken)
    {
        Statistics.Bypassed();
        return await singleFlight.RunAsync(key, async () =>
        {
            var (value, _) = await RunFactoryAsync(key, factory).ConfigureAwait(false);
            return new CacheResult<T>(value, CacheOutcome.Bypassed);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the factory, timed (XFetch's delta), without any caller's cancellation: its result serves them all.</summary>
    private async Task<(T Value, int ElapsedMs)> RunFactoryAsync<T>(string key, Func<CancellationToken, ValueTask<T>> factory)
    {
        using var activity = CacheTelemetry.ActivitySource.StartActivity("cache.factory");
        activity?.SetTag("cache.key", key);
        Statistics.FactoryRun();
        var started = time.GetTimestamp();
        var value = await factory(CancellationToken.None).ConfigureAwait(false);
        var elapsed = time.GetElapsedTime(started);
        telemetry.FactoryDuration.Record(elapsed.TotalSeconds);
        return (value, (int)Math.Min(int.MaxValue, Math.Ceiling(elapsed.TotalMilliseconds)));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis failed while {Operation} cache key {Key}")]
    private partial void LogRedisFailure(Exception exception, string operation, string key);
}
