using System.Diagnostics.Metrics;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// The semantic cache's instruments on the answers meter (<c>redisaspire.answers</c>), read from its counters:
/// lookups by outcome, entries removed by reason, audits by outcome and the false-hit rate.
/// </summary>
internal sealed class SemanticAnswerTelemetry : IDisposable
{
    public const string Name = "redisaspire.answers";

    private const string Prefix = $"{Name}.semantic";

    private readonly Meter meter;

    public SemanticAnswerTelemetry(IMeterFactory? meterFactory, SemanticAnswerStatistics statistics, SemanticAnswerAudit audit)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(audit);

        // Hosts register a meter factory; one built by hand (tools, tests) gets a meter of its own.
        meter = meterFactory?.Create(Name) ?? new Meter(Name);
        meter.CreateObservableCounter($"{Prefix}.lookups", () =>
        {
            var now = statistics.Snapshot();
            return new[] { Tagged(now.Hits, "outcome", "hit"), Tagged(now.Misses, "outcome", "miss") };
        }, "{lookup}", "Semantic cache lookups, by outcome");
        meter.CreateObservableCounter($"{Prefix}.removed", () =>
        {
            var now = statistics.Snapshot();
            return new[]
            {
                Tagged(now.Expired, "reason", "expired"),
                Tagged(now.AnswersGone, "reason", "answer_gone"),
                Tagged(now.Trimmed, "reason", "trimmed"),
                Tagged(now.RemovedByDocument, "reason", "document_changed"),
            };
        }, "{entry}", "Semantic cache entries removed, by reason");
        meter.CreateObservableCounter($"{Prefix}.audits", () =>
        {
            var now = audit.Snapshot();
            return new[]
            {
                Tagged(now.Audited - now.FalseHits, "outcome", "match"),
                Tagged(now.FalseHits, "outcome", "false_hit"),
                Tagged(now.Failed, "outcome", "failed"),
                Tagged(now.Dropped, "outcome", "dropped"),
            };
        }, "{audit}", "Semantic hits offered to the false-hit audit, by outcome");
        meter.CreateObservableGauge($"{Prefix}.false_hit_rate", () => audit.Snapshot().FalseHitRate, "1", "False hits over audited semantic hits");
    }

    public void Dispose() => meter.Dispose();

    private static Measurement<long> Tagged(long value, string tag, string name) => new(value, new KeyValuePair<string, object?>(tag, name));
}
