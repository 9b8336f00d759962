using Microsoft.Extensions.Logging;

namespace RedisAspire.Core.Caching;

/// <summary>
/// After a run of Redis failures, calls skip Redis for a while instead of each waiting for a timeout; then calls try
/// again, and the first success closes the circuit. The client reconnects by itself meanwhile.
/// </summary>
internal sealed partial class RedisCircuitBreaker(
    int failureThreshold, TimeSpan breakDuration, TimeProvider time, CacheStatistics statistics, ILogger logger)
{
    private int consecutiveFailures;
    private long openUntilTimestamp;

    /// <summary>Whether a call may use Redis now.</summary>
    public bool AllowsRequests => time.GetTimestamp() >= Interlocked.Read(ref openUntilTimestamp);

    public void OnSuccess()
    {
        if (Interlocked.Exchange(ref consecutiveFailures, 0) >= failureThreshold)
        {
            LogClosed();
        }
    }

    public void OnFailure(Exception exception)
    {
        statistics.RedisError();
        if (Interlocked.Increment(ref consecutiveFailures) >= failureThreshold)
        {
            var openUntil = time.GetTimestamp() + (long)(breakDuration.TotalSeconds * time.TimestampFrequency);
            Interlocked.Exchange(ref openUntilTimestamp, openUntil);
            statistics.CircuitOpened();
            LogOpened(breakDuration.TotalMilliseconds, exception.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is failing: the cache skips it for {BreakMilliseconds} ms and callers get values from their factories ({Reason})")]
    private partial void LogOpened(double breakMilliseconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis answers again: caching resumes")]
    private partial void LogClosed();
}
