using System.Diagnostics.Metrics;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// The ingestion pipeline's OpenTelemetry meter (<c>redisaspire.ingestion.pipeline</c>): documents by outcome (their
/// rate is the throughput), chunks embedded, skipped and deleted, documents in flight, and how long each write batch
/// took. Tags are the outcome only: never ids or tenants.
/// </summary>
internal sealed class IngestionPipelineTelemetry : IDisposable
{
    /// <summary>The meter's name, and the prefix of its instruments.</summary>
    public const string Name = "redisaspire.ingestion.pipeline";

    private readonly Meter meter;
    private readonly Counter<long> documents;
    private readonly Counter<long> embedded;
    private readonly Counter<long> skipped;
    private readonly Counter<long> deleted;
    private readonly UpDownCounter<long> inFlight;
    private readonly Counter<long> invalidationFailures;
    private readonly Histogram<double> batchDuration;

    /// <summary>Instruments on a meter from <paramref name="meterFactory"/>, or on a meter of their own.</summary>
    public IngestionPipelineTelemetry(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(Name) ?? new Meter(Name);
        documents = meter.CreateCounter<long>($"{Name}.documents", "{document}", "Documents ingested, by outcome");
        embedded = meter.CreateCounter<long>($"{Name}.chunks.embedded", "{chunk}", "Chunks embedded: new or changed");
        skipped = meter.CreateCounter<long>($"{Name}.chunks.skipped", "{chunk}", "Chunks neither embedded nor written: unchanged");
        deleted = meter.CreateCounter<long>($"{Name}.chunks.deleted", "{chunk}", "Chunks deleted from both tiers");
        inFlight = meter.CreateUpDownCounter<long>($"{Name}.documents.in_flight", "{document}", "Documents read and not yet finished");
        invalidationFailures = meter.CreateCounter<long>(
            $"{Name}.invalidation.failures", "{batch}", "Written batches whose cached search results could not be dropped");
        batchDuration = meter.CreateHistogram<double>($"{Name}.batch.duration", "s", "How long writing a batch took: its PostgreSQL transaction with the hot tier, then its invalidations");
    }

    /// <summary>Records one document's outcome and its chunks.</summary>
    public void Record(DocumentOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        documents.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Status.ToString()));
        embedded.Add(outcome.ChunksEmbedded);
        skipped.Add(outcome.ChunksUnchanged);
        deleted.Add(outcome.ChunksDeleted);
    }

    /// <summary>Records documents entering (positive) or leaving (negative) an import.</summary>
    public void InFlight(int change) => inFlight.Add(change);

    /// <summary>Records a batch whose invalidations failed.</summary>
    public void InvalidationFailed() => invalidationFailures.Add(1);

    /// <summary>Records how long one write batch took.</summary>
    public void BatchDone(TimeSpan elapsed) => batchDuration.Record(elapsed.TotalSeconds);

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
