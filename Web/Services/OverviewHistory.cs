using RedisAspire.Contracts;

namespace RedisAspire.Web.Services;

/// <summary>
/// The last few minutes of the Overview's figures, kept for the circuit (one browser tab), so that the charts survive
/// a visit to another page. Counters are cumulative; the charts show what changed between two refreshes.
/// </summary>
public sealed class OverviewHistory
{
    /// <summary>Five minutes of refreshes every 2 s.</summary>
    public const int Capacity = 150;

    private readonly Queue<OverviewSample> samples = new();
    private readonly Lock gate = new();

    /// <summary>Adds a refresh's figures, forgetting the oldest beyond <see cref="Capacity"/>.</summary>
    public void Record(OverviewSample sample)
    {
        lock (gate)
        {
            samples.Enqueue(sample);
            while (samples.Count > Capacity)
            {
                samples.Dequeue();
            }
        }
    }

    /// <summary>The samples kept, oldest first.</summary>
    public IReadOnlyList<OverviewSample> Samples
    {
        get
        {
            lock (gate)
            {
                return [.. samples];
            }
        }
    }

    /// <summary>How long the samples kept span.</summary>
    public TimeSpan Span => Samples is [var first, .., var last] ? last.At - first.At : TimeSpan.Zero;

    /// <summary>Cache lookups per second between consecutive refreshes (a replica restart, counters going back, is skipped).</summary>
    public IReadOnlyList<double> LookupsPerSecond() => Between(
        sample => sample.Cache,
        (before, after, seconds) => Lookups(after) - Lookups(before) is var lookups and >= 0 ? lookups / seconds : null);

    /// <summary>The share of lookups answered from the cache (L1 or Redis) between refreshes that had lookups.</summary>
    public IReadOnlyList<double> HitRatio() => Between(
        sample => sample.Cache,
        (before, after, _) =>
        {
            var lookups = Lookups(after) - Lookups(before);
            var hits = after.L1Hits + after.Hits - before.L1Hits - before.Hits;
            return lookups > 0 && hits >= 0 ? (double)hits / lookups : null;
        });

    /// <summary>Redis's used memory at each refresh that read it.</summary>
    public IReadOnlyList<double> UsedMemoryBytes() => Values(sample => sample.UsedMemoryBytes);

    /// <summary>Entries no Worker has read yet, at each refresh that read it.</summary>
    public IReadOnlyList<double> IngestionLag() => Values(sample => sample.IngestionLag);

    /// <summary>Documents acknowledged per second, as the Api averages them over a minute, at each refresh.</summary>
    public IReadOnlyList<double> DocumentsPerSecond() => Values(sample => sample.DocumentsPerSecond);

    /// <summary>The hot tier's share of the searches answered between refreshes that had searches (a replica restart is skipped).</summary>
    public IReadOnlyList<double> HotShare() => Between(
        sample => sample.Search?.Answers,
        (before, after, _) =>
        {
            var hot = after.Hot - before.Hot;
            var answers = hot + after.Cold - before.Cold;
            return answers > 0 && hot >= 0 ? (double)hot / answers : null;
        });

    /// <summary>The hot tier's 99th percentile latency, in milliseconds, at each refresh that had one.</summary>
    public IReadOnlyList<double> HotP99Milliseconds() => Values(sample => sample.Search?.Latency.Hot.P99Milliseconds);

    /// <summary>PostgreSQL's 99th percentile latency, in milliseconds, at each refresh that had one.</summary>
    public IReadOnlyList<double> ColdP99Milliseconds() => Values(sample => sample.Search?.Latency.Cold.P99Milliseconds);

    /// <summary>Total lookups: each is an L1 hit, a Redis hit or a miss.</summary>
    public static long Lookups(CacheCounters counters) => counters.L1Hits + counters.Hits + counters.Misses;

    private IReadOnlyList<double> Values(Func<OverviewSample, double?> value) =>
        [.. Samples.Select(value).OfType<double>()];

    private IReadOnlyList<double> Between<T>(Func<OverviewSample, T?> read, Func<T, T, double, double?> change) where T : class
    {
        var points = new List<double>();
        (DateTimeOffset At, T Value)? previous = null;
        foreach (var sample in Samples)
        {
            if (read(sample) is not { } current)
            {
                continue;
            }

            if (previous is { } before && (sample.At - before.At).TotalSeconds is var seconds and > 0
                && change(before.Value, current, seconds) is { } point)
            {
                points.Add(point);
            }

            previous = (sample.At, current);
        }

        return points;
    }
}

/// <summary>One refresh's figures; null for what that refresh could not read.</summary>
public sealed record OverviewSample(
    DateTimeOffset At, CacheCounters? Cache, double? UsedMemoryBytes, double? IngestionLag, double? DocumentsPerSecond,
    SearchStatisticsResponse? Search = null);
