namespace RedisAspire.Core.Caching;

/// <summary>Where a cached value came from.</summary>
public enum CacheOutcome
{
    /// <summary>The in-process copy (L1).</summary>
    L1Hit,

    /// <summary>Redis (L2).</summary>
    Hit,

    /// <summary>Neither held it: the factory ran (here, or in another process holding the lock, whose value was read).</summary>
    Miss,

    /// <summary>An expired or expiring value, served while another caller recomputes it.</summary>
    Stale,

    /// <summary>Redis could not be reached: the factory ran and nothing was stored.</summary>
    Bypassed,
}
