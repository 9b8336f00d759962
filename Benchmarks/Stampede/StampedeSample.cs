namespace RedisAspire.Benchmarks.Stampede;

/// <summary>What one stampede cost: factory executions (the data source's load) and how long callers waited.</summary>
internal sealed record StampedeSample(int FactoryRuns, double P50Milliseconds, double P90Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    /// <summary>The same nearest-rank percentiles as <see cref="Core.Caching.StampedeLab"/>, so both sides are read alike.</summary>
    public static StampedeSample From(int factoryRuns, IEnumerable<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return new StampedeSample(factoryRuns, Percentile(sorted, 50), Percentile(sorted, 90), Percentile(sorted, 99), sorted[^1]);
    }

    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
