using RedisAspire.Core.Ingestion;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>What an import did.</summary>
/// <param name="Documents">Documents read from the source.</param>
/// <param name="DocumentsWritten">Documents with at least one chunk written or deleted.</param>
/// <param name="DocumentsUnchanged">Documents the tiers already held as they are.</param>
/// <param name="DocumentsStale">Documents skipped because the tiers hold a version updated later.</param>
/// <param name="Chunks">Chunks of the documents read (of the valid ones).</param>
/// <param name="ChunksEmbedded">Chunks embedded: new or changed.</param>
/// <param name="ChunksWritten">Chunk rows inserted or rewritten in PostgreSQL.</param>
/// <param name="ChunksUnchanged">Chunks skipped: neither embedded nor written.</param>
/// <param name="ChunksDeleted">Chunk rows deleted because their documents got shorter.</param>
/// <param name="Failures">Each document that failed, with the error.</param>
/// <param name="PeakDocumentsInFlight">The most documents held at once; never above <see cref="StagedImportOptions.MaxDocumentsInFlight"/>.</param>
/// <param name="Elapsed">How long the import took.</param>
internal sealed record IngestionReport(
    int Documents,
    int DocumentsWritten,
    int DocumentsUnchanged,
    int DocumentsStale,
    int Chunks,
    int ChunksEmbedded,
    int ChunksWritten,
    int ChunksUnchanged,
    int ChunksDeleted,
    IReadOnlyList<IngestionFailure> Failures,
    int PeakDocumentsInFlight,
    TimeSpan Elapsed);
