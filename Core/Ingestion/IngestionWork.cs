namespace RedisAspire.Core.Ingestion;

/// <summary>One operation on one document: an upsert of <see cref="Document"/>, or a delete when it is null.</summary>
/// <param name="Position">Where its outcome goes among the batch's outcomes.</param>
/// <param name="DocumentId">The document.</param>
/// <param name="Tenant">The tenant named by the operation.</param>
/// <param name="Document">The new version; null for a delete.</param>
internal sealed record IngestionWork(int Position, string DocumentId, string Tenant, SourceDocument? Document)
{
    /// <summary>An upsert of <paramref name="document"/>.</summary>
    public static IngestionWork Upsert(int position, SourceDocument document) => new(position, document.Id, document.Tenant, document);
}
