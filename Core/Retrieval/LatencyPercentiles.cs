namespace RedisAspire.Core.Retrieval;

/// <summary>Percentiles of a tier's recent latencies, in milliseconds.</summary>
/// <param name="Samples">How many latencies they are of (at most the window's capacity).</param>
/// <param name="P50">The median; null without samples.</param>
/// <param name="P95">The 95th percentile; null without samples.</param>
/// <param name="P99">The 99th percentile; null without samples.</param>
public sealed record LatencyPercentiles(int Samples, double? P50, double? P95, double? P99);
