using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Answers;

/// <summary>The configuration section <c>Answers:Cache</c>: how long an answer is given again to the same question.</summary>
public sealed class AnswerCacheOptions
{
    /// <summary><c>Answers:Cache:Enabled</c>: whether answers are cached at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Answers:Cache:Expiration</c>: Sliding (the default: each ask renews the window, up to the maximum lifetime) or Fixed.</summary>
    public ExpirationStrategy Expiration { get; set; } = ExpirationStrategy.Sliding;

    /// <summary><c>Answers:Cache:TimeToLive</c>: the fixed lifetime, or the sliding window (default one hour).</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// <c>Answers:Cache:MaxLifetime</c>: Sliding only: no amount of asking keeps an answer longer (default one day), so a
    /// popular answer is written again now and then, even when none of its documents changed.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// <c>Answers:Cache:LockTimeToLive</c>: how long the replica writing a new answer holds its lock at most, so the
    /// others wait for its answer instead of asking the model too (default one minute: a model may be slow).
    /// </summary>
    public TimeSpan LockTimeToLive { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest an answer lives in Redis under these settings: when its ledger entry is certainly stale.</summary>
    internal TimeSpan LongestLife => Expiration == ExpirationStrategy.Sliding ? MaxLifetime : TimeToLive;

    /// <summary>What is wrong with these settings, each message naming its setting.</summary>
    internal IEnumerable<string> Errors()
    {
        if (Expiration is not (ExpirationStrategy.Fixed or ExpirationStrategy.Sliding))
        {
            yield return $"Answers:Cache:Expiration '{Expiration}' is not supported; use Sliding or Fixed.";
        }

        foreach (var (name, value) in new[] { ("TimeToLive", TimeToLive), ("MaxLifetime", MaxLifetime), ("LockTimeToLive", LockTimeToLive) })
        {
            if (value <= TimeSpan.Zero || value > CachePolicy.MaxTimeToLive)
            {
                yield return $"Answers:Cache:{name} must be above zero and at most {CachePolicy.MaxTimeToLive.TotalDays:0} days; it is {value}.";
            }
        }

        if (Expiration == ExpirationStrategy.Sliding && MaxLifetime < TimeToLive)
        {
            yield return $"Answers:Cache:MaxLifetime ({MaxLifetime}) must not be shorter than the sliding window Answers:Cache:TimeToLive ({TimeToLive}).";
        }
    }
}
