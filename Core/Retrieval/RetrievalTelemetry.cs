using System.Diagnostics.Metrics;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The retriever's OpenTelemetry meter (<c>redisaspire.retrieval</c>): answers by tier (the hot share is the hit rate),
/// fallbacks by reason, each tier's latency and result-cache outcomes; the same facts also go to
/// <see cref="Statistics"/>, which <c>GET /search/stats</c> reads.
/// </summary>
internal sealed class RetrievalTelemetry : IDisposable
{
    public const string Name = "redisaspire.retrieval";

    private readonly Meter meter;
    private readonly Counter<long> answers;
    private readonly Counter<long> fallbacks;
    private readonly Histogram<double> duration;
    private readonly Counter<long> resultCache;
    private readonly Counter<long> replicaSearches;

    public RetrievalTelemetry(IMeterFactory? meterFactory = null, RetrievalStatistics? statistics = null)
    {
        Statistics = statistics ?? new RetrievalStatistics();
        meter = meterFactory?.Create(Name) ?? new Meter(Name);
        answers = meter.CreateCounter<long>($"{Name}.answers", "{query}", "Queries answered, by the tier that answered");
        fallbacks = meter.CreateCounter<long>($"{Name}.fallbacks", "{query}", "Queries the hot tier could not answer, by reason");
        duration = meter.CreateHistogram<double>($"{Name}.tier.duration", "s", "How long each tier took");
        resultCache = meter.CreateCounter<long>($"{Name}.result_cache", "{query}", "Searches by where their answer came from: the result cache or the tiers");
        replicaSearches = meter.CreateCounter<long>(
            $"{Name}.cold.replica", "{query}", "Cold-tier searches with a read replica configured, by outcome: the replica answered, or the primary because the replica was behind or failed");
    }

    /// <summary>The same figures, kept in process for this replica's statistics.</summary>
    public RetrievalStatistics Statistics { get; }

    /// <summary>Records one answer.</summary>
    public void Record(RetrievalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        answers.Add(1, new KeyValuePair<string, object?>("tier", result.Tier.ToString()));
        if (result.MissReason is { } reason)
        {
            fallbacks.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
        }

        if (result.HotElapsed is { } hot)
        {
            duration.Record(hot.TotalSeconds, new KeyValuePair<string, object?>("tier", nameof(RetrievalTier.Hot)));
        }

        if (result.ColdElapsed is { } cold)
        {
            duration.Record(cold.TotalSeconds, new KeyValuePair<string, object?>("tier", nameof(RetrievalTier.Cold)));
        }

        Statistics.RecordAnswer(result);
    }

    /// <summary>Records where a search's answer came from.</summary>
    public void RecordResultCache(CacheOutcome outcome)
    {
        resultCache.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));
        Statistics.RecordResultCache(outcome);
    }

    /// <summary>Records which server answered a cold-tier search, with a read replica configured.</summary>
    public void RecordReplicaSearch(ReplicaSearchOutcome outcome) =>
        replicaSearches.Add(1, new KeyValuePair<string, object?>("outcome", outcome.ToString()));

    public void Dispose() => meter.Dispose();
}
