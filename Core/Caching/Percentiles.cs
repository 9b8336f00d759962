namespace RedisAspire.Core.Caching;

/// <summary>Latency percentiles as the stampede lab, its benchmark and its tests all read them.</summary>
internal static class Percentiles
{
    /// <summary>The nearest-rank percentile of values sorted in ascending order (100 gives the maximum).</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, int percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count, nameof(sorted));
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
