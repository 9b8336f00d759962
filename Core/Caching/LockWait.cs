namespace RedisAspire.Core.Caching;

/// <summary>One caller's turn at a key's distributed lock: its token, how long it may wait for another holder, and whether its wait is counted.</summary>
/// <param name="Token">The value this caller's lock holds, so it releases only its own.</param>
/// <param name="Deadline">The timestamp after which the caller stops waiting and computes the value itself.</param>
internal sealed record LockWait(string Token, long Deadline)
{
    /// <summary>Whether the wait has been counted in the statistics (once per caller).</summary>
    public bool Counted { get; set; }
}
