namespace RedisAspire.Core.Caching;

/// <summary>
/// Protection against many callers recomputing one value at once, beyond the single-flight that always holds
/// within one process. The two may be combined.
/// </summary>
[Flags]
public enum StampedeProtection
{
    /// <summary>Single-flight within this process only.</summary>
    None = 0,

    /// <summary>
    /// Probabilistic early expiration (XFetch, Vattani, Chierichetti and Lowenstein, VLDB 2015): a reader recomputes in
    /// the background, while serving the current value, when <c>now - delta * beta * ln(rand()) >= expiry</c>.
    /// </summary>
    EarlyRecompute = 1,

    /// <summary>
    /// Lock-and-recompute across processes: the first miss takes a Redis lock and runs the factory; the others wait
    /// for its value (notified over pub/sub) instead of running their own.
    /// </summary>
    DistributedLock = 2,
}
