namespace RedisAspire.Core.Caching;

/// <summary>
/// XFetch (Vattani, Chierichetti, Lowenstein: "Optimal Probabilistic Cache Stampede Prevention", VLDB 2015): each
/// reader recomputes early with a probability that grows as expiry nears and with the cost of recomputing, so that
/// one reader, not all, recomputes shortly before expiry.
/// </summary>
internal static class EarlyRecompute
{
    /// <summary>True when <c>now - delta * beta * ln(random) >= expiry</c>.</summary>
    /// <param name="random">Uniform in (0, 1]; 0 is read as the smallest positive double (ln(0) is -infinity).</param>
    public static bool ShouldRecompute(long nowMs, long expiresAtMs, int deltaMs, double beta, double random)
    {
        var draw = random <= 0 ? double.Epsilon : random;
        return nowMs - (deltaMs * beta * Math.Log(draw)) >= expiresAtMs;
    }
}
