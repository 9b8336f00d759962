namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// Which of the queue's two streams a message waits on. Consumers take interactive work first, so a single edit never
/// waits behind an import: a bulk batch already being handled is the most it waits for.
/// </summary>
public enum IngestionLane
{
    /// <summary>A person's write: <c>PUT</c> and <c>DELETE /documents/{id}</c>, small <c>POST /ingest/documents</c> requests.</summary>
    Interactive,

    /// <summary>Imports: folder imports, the sample corpus, large requests and re-driven dead letters.</summary>
    Bulk,
}
