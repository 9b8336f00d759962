using System.Diagnostics.Metrics;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The retriever's OpenTelemetry meter (<c>redisaspire.retrieval</c>): answers by tier (the hot share is the hit rate),
/// fallbacks by reason, and each tier's latency.
/// </summary>
internal sealed class RetrievalTelemetry : IDisposable
{
    public const string Name = "redisaspire.retrieval";

    private readonly Meter meter;
    private readonly Counter<long> answers;
    private readonly Counter<long> fallbacks;
    private readonly Histogram<double> duration;

    public RetrievalTelemetry(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(Name) ?? new Meter(Name);
        answers = meter.CreateCounter<long>($"{Name}.answers", "{query}", "Queries answered, by the tier that answered");
        fallbacks = meter.CreateCounter<long>($"{Name}.fallbacks", "{query}", "Queries the hot tier could not answer, by reason");
        duration = meter.CreateHistogram<double>($"{Name}.tier.duration", "s", "How long each tier took");
    }

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
    }

    public void Dispose() => meter.Dispose();
}
