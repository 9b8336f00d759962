namespace RedisAspire.Core.Retrieval;

/// <summary>
/// After a run of hot-tier failures or timeouts, searches go straight to PostgreSQL for a while instead of each
/// waiting for the hot tier's timeout (a Redis that is down would otherwise cost every search
/// <see cref="RetrievalOptions.HotTimeout"/>); once the break is over, searches try the hot tier again and the first
/// success ends the run.
/// </summary>
internal sealed class HotTierBreak(int failuresBeforeBreak, TimeSpan breakDuration, TimeProvider time)
{
    private int consecutiveFailures;
    private long breakEndsAt;

    /// <summary>Whether searches skip the hot tier now.</summary>
    public bool Skips => time.GetTimestamp() < Interlocked.Read(ref breakEndsAt);

    /// <summary>Records an answer of the hot tier; true when it ends a run long enough to have caused a break.</summary>
    public bool OnSuccess() => Interlocked.Exchange(ref consecutiveFailures, 0) >= failuresBeforeBreak;

    /// <summary>Records a failure or a timeout; true when it starts a break.</summary>
    public bool OnFailure()
    {
        if (Interlocked.Increment(ref consecutiveFailures) < failuresBeforeBreak)
        {
            return false;
        }

        Interlocked.Exchange(ref breakEndsAt, time.GetTimestamp() + (long)(breakDuration.TotalSeconds * time.TimestampFrequency));
        return true;
    }
}
