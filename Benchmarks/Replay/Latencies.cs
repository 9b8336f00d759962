using System.Globalization;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>Average, median and 99th percentile of a set of latencies, in milliseconds.</summary>
internal sealed record Latencies(int Count, double Average, double P50, double P99)
{
    public static Latencies Of(IEnumerable<TimeSpan> elapsed)
    {
        var sorted = elapsed.Select(span => span.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0
            ? new Latencies(0, double.NaN, double.NaN, double.NaN)
            : new Latencies(sorted.Length, sorted.Average(), Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    public override string ToString() => Count == 0
        ? "–"
        : string.Create(CultureInfo.InvariantCulture, $"{Average:0.00} / {P50:0.00} / {P99:0.00}");

    private static double Percentile(double[] sorted, double share) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
