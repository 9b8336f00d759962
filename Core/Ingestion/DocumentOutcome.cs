namespace RedisAspire.Core.Ingestion;

/// <summary>What ingestion did with one document, and with its chunks.</summary>
/// <param name="DocumentId">The document.</param>
/// <param name="Status">What happened to it.</param>
/// <param name="Chunks">How many chunks its new version has (0 for a delete).</param>
/// <param name="ChunksEmbedded">Chunks whose text was embedded: new or changed ones.</param>
/// <param name="ChunksWritten">Chunk rows inserted or rewritten in PostgreSQL.</param>
/// <param name="ChunksUnchanged">Chunks the tiers already held as they are: neither embedded nor written.</param>
/// <param name="ChunksDeleted">Rows deleted because the document no longer has them.</param>
/// <param name="Error">Why the document failed; null otherwise.</param>
/// <param name="MayRetry">Whether a failure may pass if the document is sent again (another writer kept overtaking it); an invalid document never does.</param>
internal sealed record DocumentOutcome(
    string DocumentId,
    DocumentStatus Status,
    int Chunks = 0,
    int ChunksEmbedded = 0,
    int ChunksWritten = 0,
    int ChunksUnchanged = 0,
    int ChunksDeleted = 0,
    string? Error = null,
    bool MayRetry = false)
{
    /// <summary>Whether the document is done with, as far as a queue is concerned: everything but <see cref="DocumentStatus.Failed"/>.</summary>
    public bool Succeeded => Status != DocumentStatus.Failed;

    /// <summary>A document that failed for a reason of its own: it fails the same way whenever it is sent.</summary>
    public static DocumentOutcome Failed(string documentId, string error) => new(documentId, DocumentStatus.Failed, Error: error);

    /// <summary>A document that failed for now: sent again, it may pass.</summary>
    public static DocumentOutcome FailedForNow(string documentId, string error) => new(documentId, DocumentStatus.Failed, Error: error, MayRetry: true);
}
