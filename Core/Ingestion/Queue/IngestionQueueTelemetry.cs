using System.Diagnostics.Metrics;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// The ingestion queue's OpenTelemetry meter (<c>redisaspire.ingestion</c>): messages enqueued, processed, failed and
/// dead-lettered, entries reclaimed, stopped consumers removed, batch durations, and the queue's depth as last seen by
/// this process's consumer. Tags are low-cardinality: <c>kind</c> (upsert, delete) and <c>reason</c> (failed, rejected, malformed, abandoned).
/// </summary>
internal sealed class IngestionQueueTelemetry : IDisposable
{
    /// <summary>The meter's name, and the prefix of every instrument's.</summary>
    public const string Name = "redisaspire.ingestion";

    private readonly Meter meter;
    private readonly Counter<long> enqueued;
    private readonly Counter<long> processed;
    private readonly Counter<long> failed;
    private readonly Counter<long> deadLettered;
    private readonly Counter<long> reclaimed;
    private readonly Counter<long> consumersRemoved;
    private readonly Histogram<double> batchDuration;
    private IngestionQueueDepth? depth;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of their own without one (tools, tests).</summary>
    public IngestionQueueTelemetry(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(Name) ?? new Meter(Name);
        enqueued = meter.CreateCounter<long>($"{Name}.enqueued", "{message}", "Messages enqueued, by kind");
        processed = meter.CreateCounter<long>($"{Name}.documents.processed", "{message}", "Messages the handler completed, by kind");
        failed = meter.CreateCounter<long>($"{Name}.documents.failed", "{message}", "Failed deliveries (retried or dead-lettered), by kind");
        deadLettered = meter.CreateCounter<long>($"{Name}.dead_lettered", "{message}", "Messages moved to the dead-letter stream, by reason");
        reclaimed = meter.CreateCounter<long>($"{Name}.reclaimed", "{message}", "Entries taken over after being idle for ClaimIdle");
        consumersRemoved = meter.CreateCounter<long>($"{Name}.consumers.removed", "{consumer}", "Stopped consumers removed from the group");
        batchDuration = meter.CreateHistogram<double>($"{Name}.batch.duration", "s", "How long the handler took per batch");
        meter.CreateObservableGauge($"{Name}.queue.length", () => Observe(depth => depth.Length), "{message}", "Entries on the stream: waiting or being handled");
        meter.CreateObservableGauge($"{Name}.queue.pending", () => Observe(depth => depth.Pending), "{message}", "Entries delivered and not yet acknowledged");
        meter.CreateObservableGauge($"{Name}.queue.lag", () => Observe(depth => depth.Lag), "{message}", "Entries not yet delivered to any consumer");
        meter.CreateObservableGauge($"{Name}.queue.dead_letters", () => Observe(depth => depth.DeadLetters), "{message}", "Entries in the dead-letter stream");
    }

    /// <summary>The depth last recorded; null before the first.</summary>
    public IngestionQueueDepth? LastDepth => Volatile.Read(ref depth);

    internal void RecordEnqueued(IReadOnlyList<IngestionMessage> messages)
    {
        foreach (var group in messages.GroupBy(message => message.Kind))
        {
            enqueued.Add(group.Count(), Kind(group.Key));
        }
    }

    internal void RecordProcessed(IngestionKind kind) => processed.Add(1, Kind(kind));

    internal void RecordFailed(IngestionKind? kind) => failed.Add(1, new KeyValuePair<string, object?>("kind", kind is { } known ? KindName(known) : "unknown"));

    internal void RecordDeadLettered(string reason) => deadLettered.Add(1, new KeyValuePair<string, object?>("reason", reason));

    internal void RecordReclaimed(int count)
    {
        if (count > 0)
        {
            reclaimed.Add(count);
        }
    }

    internal void RecordConsumersRemoved(int count)
    {
        if (count > 0)
        {
            consumersRemoved.Add(count);
        }
    }

    internal void RecordBatch(TimeSpan elapsed) => batchDuration.Record(elapsed.TotalSeconds);

    /// <summary>Records the queue's depth, which the gauges report until the next.</summary>
    public void RecordDepth(IngestionQueueDepth value) => Volatile.Write(ref depth, value);

    public void Dispose() => meter.Dispose();

    private IEnumerable<Measurement<long>> Observe(Func<IngestionQueueDepth, long> read) =>
        Volatile.Read(ref depth) is { } known ? [new Measurement<long>(read(known))] : [];

    private static KeyValuePair<string, object?> Kind(IngestionKind kind) => new("kind", KindName(kind));

    private static string KindName(IngestionKind kind) => kind == IngestionKind.Upsert ? "upsert" : "delete";
}
