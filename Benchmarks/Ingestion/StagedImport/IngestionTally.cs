using RedisAspire.Core.Ingestion;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>The running totals of one import, safe to update from every stage, and the progress reports they make.</summary>
internal sealed class IngestionTally(TimeProvider time, IProgress<IngestionProgress>? progress)
{
    private readonly Lock gate = new();
    private readonly long started = time.GetTimestamp();
    private readonly List<IngestionFailure> failures = [];
    private int read;
    private int done;
    private int written;
    private int unchanged;
    private int stale;
    private int chunks;
    private int chunksEmbedded;
    private int chunksWritten;
    private int chunksUnchanged;
    private int chunksDeleted;
    private int inFlight;
    private int peakInFlight;

    /// <summary>Documents read and not finished yet.</summary>
    public int InFlight
    {
        get
        {
            lock (gate)
            {
                return inFlight;
            }
        }
    }

    /// <summary>Counts a document taken from the source.</summary>
    public void Read()
    {
        lock (gate)
        {
            read++;
            inFlight++;
            peakInFlight = Math.Max(peakInFlight, inFlight);
        }
    }

    /// <summary>Counts finished documents, then reports progress.</summary>
    public void Done(IReadOnlyCollection<DocumentOutcome> outcomes)
    {
        IngestionProgress snapshot;
        lock (gate)
        {
            foreach (var outcome in outcomes)
            {
                done++;
                inFlight--;
                written += outcome.Status == DocumentStatus.Written ? 1 : 0;
                unchanged += outcome.Status == DocumentStatus.Unchanged ? 1 : 0;
                stale += outcome.Status == DocumentStatus.Stale ? 1 : 0;
                chunks += outcome.Chunks;
                chunksEmbedded += outcome.ChunksEmbedded;
                chunksWritten += outcome.ChunksWritten;
                chunksUnchanged += outcome.ChunksUnchanged;
                chunksDeleted += outcome.ChunksDeleted;
                if (outcome.Status == DocumentStatus.Failed)
                {
                    failures.Add(new IngestionFailure(outcome.DocumentId, outcome.Error ?? "unknown error"));
                }
            }

            snapshot = new IngestionProgress(read, done, failures.Count, chunksEmbedded, chunksUnchanged, chunksDeleted, time.GetElapsedTime(started));
        }

        // Outside the lock: the receiver's code must not hold up the stages.
        progress?.Report(snapshot);
    }

    /// <summary>The import's report.</summary>
    public IngestionReport Report()
    {
        lock (gate)
        {
            return new IngestionReport(
                read, written, unchanged, stale, chunks, chunksEmbedded, chunksWritten, chunksUnchanged, chunksDeleted,
                [.. failures], peakInFlight, time.GetElapsedTime(started));
        }
    }
}
