namespace RedisAspire.Core.Caching;

/// <summary>How one <see cref="IResultCache.GetOrCreateAsync{T}"/> call stores and protects its value.</summary>
public sealed record CachePolicy
{
    /// <summary>The longest lifetime, window or safety lifetime accepted.</summary>
    public static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(365);

    /// <summary>How the entry's lifetime ends.</summary>
    public ExpirationStrategy Strategy { get; init; } = ExpirationStrategy.Fixed;

    /// <summary>
    /// Fixed: the lifetime. Sliding: the window each read renews. Invalidation: an optional safety lifetime (null:
    /// none). Required for Fixed and Sliding.
    /// </summary>
    public TimeSpan? TimeToLive { get; init; }

    /// <summary>Sliding only: the lifetime no amount of reading extends past, so a hot key cannot live forever on stale data.</summary>
    public TimeSpan? MaxLifetime { get; init; }

    /// <summary>Protection against concurrent recomputation beyond this process's single-flight.</summary>
    public StampedeProtection Stampede { get; init; } = StampedeProtection.None;

    /// <summary>XFetch's beta: above 1 recomputes earlier, below 1 later.</summary>
    public double EarlyRecomputeBeta { get; init; } = 1.0;

    /// <summary>How long the distributed lock is held at most; a holder that dies releases it by this expiry.</summary>
    public TimeSpan LockTimeToLive { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a caller waits for another process's value before giving up and running the factory itself.</summary>
    public TimeSpan LockWaitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>With the distributed lock: serve the previous value, if Redis still has one, while the lock holder recomputes.</summary>
    public bool ServeStaleWhileRecomputing { get; init; }

    /// <summary>Keep an in-process copy (L1); it never outlives the Redis entry and is dropped on invalidation.</summary>
    public bool UseL1 { get; init; }

    /// <summary>Tags that <see cref="IResultCache.InvalidateTagAsync"/> can drop this entry by (for example "tenant:tidewater", "doc:42").</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>A fixed lifetime.</summary>
    public static CachePolicy Fixed(TimeSpan timeToLive) => new() { Strategy = ExpirationStrategy.Fixed, TimeToLive = timeToLive };

    /// <summary>A sliding window, optionally capped.</summary>
    public static CachePolicy Sliding(TimeSpan window, TimeSpan? maxLifetime = null) =>
        new() { Strategy = ExpirationStrategy.Sliding, TimeToLive = window, MaxLifetime = maxLifetime };

    /// <summary>Until invalidated, optionally with a safety lifetime.</summary>
    public static CachePolicy UntilInvalidated(TimeSpan? safetyTimeToLive = null) =>
        new() { Strategy = ExpirationStrategy.Invalidation, TimeToLive = safetyTimeToLive };

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that is not valid.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Strategy))
        {
            throw new ArgumentException($"Strategy '{Strategy}' is unknown; use Fixed, Sliding or Invalidation.", nameof(Strategy));
        }

        if (Strategy is ExpirationStrategy.Fixed or ExpirationStrategy.Sliding && TimeToLive is null)
        {
            throw new ArgumentException($"TimeToLive is required with the {Strategy} strategy.", nameof(TimeToLive));
        }

        RequirePositive(TimeToLive, nameof(TimeToLive));
        RequirePositive(MaxLifetime, nameof(MaxLifetime));
        if (MaxLifetime is not null && Strategy != ExpirationStrategy.Sliding)
        {
            throw new ArgumentException("MaxLifetime applies to the Sliding strategy only.", nameof(MaxLifetime));
        }

        if (MaxLifetime < TimeToLive)
        {
            throw new ArgumentException("MaxLifetime must not be shorter than the sliding window (TimeToLive).", nameof(MaxLifetime));
        }

        if ((Stampede & ~(StampedeProtection.EarlyRecompute | StampedeProtection.DistributedLock)) != 0)
        {
            throw new ArgumentException($"Stampede '{Stampede}' is unknown; use None, EarlyRecompute, DistributedLock or both.", nameof(Stampede));
        }

        if (double.IsNaN(EarlyRecomputeBeta) || EarlyRecomputeBeta <= 0 || EarlyRecomputeBeta > 100)
        {
            throw new ArgumentException("EarlyRecomputeBeta must be above 0 and at most 100.", nameof(EarlyRecomputeBeta));
        }

        RequirePositive(LockTimeToLive, nameof(LockTimeToLive));
        RequirePositive(LockWaitTimeout, nameof(LockWaitTimeout));
        // Indexed, not foreach: an interface enumerator would allocate on every cache read.
        for (var index = 0; index < Tags.Count; index++)
        {
            CacheKeys.ValidateTag(Tags[index]);
        }
    }

    private static void RequirePositive(TimeSpan? value, string name)
    {
        if (value is { } span && (span <= TimeSpan.Zero || span > MaxTimeToLive))
        {
            throw new ArgumentException($"{name} must be above zero and at most {MaxTimeToLive.TotalDays:0} days; it is {span}.", name);
        }
    }
}
