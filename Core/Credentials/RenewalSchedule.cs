namespace RedisAspire.Core.Credentials;

/// <summary>
/// When a credential is renewed: at <see cref="RenewAtFraction"/> of its lifetime, so that a failing identity endpoint
/// leaves a quarter of the lifetime for retries; after a failure, again after a delay that doubles up to
/// <see cref="MaxRetryDelay"/>.
/// </summary>
public sealed record RenewalSchedule
{
    /// <summary>Renewal at 75% of the lifetime (a one-hour token: after 45 minutes, with 15 left for retries).</summary>
    public static readonly RenewalSchedule Default = new();

    /// <summary>The fraction of a credential's lifetime after which it is renewed.</summary>
    public double RenewAtFraction { get; init; } = 0.75;

    /// <summary>The wait after the first failed renewal.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two failed renewals.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>When a credential obtained at <paramref name="obtainedAt"/> is renewed; at once if it is already past that point.</summary>
    public DateTimeOffset RenewalTime(DateTimeOffset obtainedAt, DateTimeOffset expiresOn)
    {
        var lifetime = expiresOn - obtainedAt;
        return lifetime <= TimeSpan.Zero ? obtainedAt : obtainedAt + lifetime * RenewAtFraction;
    }

    /// <summary>The wait after the <paramref name="failures"/>-th failure in a row (1, 2, ...).</summary>
    public TimeSpan RetryDelay(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        // Capped before doubling further, so a long outage cannot overflow the exponent.
        var delay = FirstRetryDelay * Math.Pow(2, Math.Min(failures - 1, 30));
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
