using RedisAspire.Core.Caching;

namespace RedisAspire.Benchmarks.Stampede;

/// <summary>What one stampede cost: factory executions (the data source's load) and how long callers waited.</summary>
internal sealed record StampedeSample(int FactoryRuns, double P50Milliseconds, double P90Milliseconds, double P99Milliseconds, double MaxMilliseconds)
{
    /// <summary>The same nearest-rank percentiles as <see cref="StampedeLab"/>, so both sides are read alike.</summary>
    public static StampedeSample From(int factoryRuns, IEnumerable<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        return new StampedeSample(
            factoryRuns, Percentiles.NearestRank(sorted, 50), Percentiles.NearestRank(sorted, 90), Percentiles.NearestRank(sorted, 99), sorted[^1]);
    }
}
