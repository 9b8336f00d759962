using RedisAspire.Core.Ingestion;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>How far an import has come.</summary>
/// <param name="DocumentsRead">Documents taken from the source so far.</param>
/// <param name="DocumentsDone">Documents finished with, whatever the outcome.</param>
/// <param name="DocumentsFailed">Documents that failed.</param>
/// <param name="ChunksEmbedded">Chunks embedded so far.</param>
/// <param name="ChunksUnchanged">Chunks found unchanged so far.</param>
/// <param name="ChunksDeleted">Chunk rows deleted so far.</param>
/// <param name="Elapsed">Time since the import started.</param>
internal sealed record IngestionProgress(
    int DocumentsRead,
    int DocumentsDone,
    int DocumentsFailed,
    int ChunksEmbedded,
    int ChunksUnchanged,
    int ChunksDeleted,
    TimeSpan Elapsed);
