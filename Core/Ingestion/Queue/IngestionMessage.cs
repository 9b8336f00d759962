using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>One unit of ingestion work: write one document, or remove one.</summary>
public sealed record IngestionMessage
{
    /// <summary>Write or remove.</summary>
    public required IngestionKind Kind { get; init; }

    /// <summary>The document's id.</summary>
    public required string DocumentId { get; init; }

    /// <summary>The tenant that owns the document.</summary>
    public required string Tenant { get; init; }

    /// <summary>The document to write (<see cref="IngestionKind.Upsert"/>); null for a delete.</summary>
    public SourceDocument? Document { get; init; }

    /// <summary>The operation the message belongs to: set by the queue, null on a message not yet enqueued.</summary>
    public string? OperationId { get; init; }

    /// <summary>How many times the message has been delivered to a consumer, this delivery included (0 before delivery).</summary>
    public int Deliveries { get; init; }

    /// <summary>A message that writes <paramref name="document"/>.</summary>
    public static IngestionMessage Upsert(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new() { Kind = IngestionKind.Upsert, DocumentId = document.Id, Tenant = document.Tenant, Document = document };
    }

    /// <summary>A message that removes the document <paramref name="documentId"/> of <paramref name="tenant"/>.</summary>
    public static IngestionMessage Delete(string documentId, string tenant) =>
        new() { Kind = IngestionKind.Delete, DocumentId = documentId, Tenant = tenant };

    /// <summary>Throws an <see cref="ArgumentException"/> whose ParamName names the first field that is not valid.</summary>
    public void Validate()
    {
        switch (Kind)
        {
            case IngestionKind.Upsert:
                if (Document is null)
                {
                    throw new ArgumentException("An upsert needs a document.", "document");
                }

                Document.Validate();
                if (!string.Equals(Document.Id, DocumentId, StringComparison.Ordinal) || !string.Equals(Document.Tenant, Tenant, StringComparison.Ordinal))
                {
                    throw new ArgumentException("The message's document id and tenant must be the document's own.", "id");
                }

                break;
            case IngestionKind.Delete:
                VectorDocument.ValidateId(DocumentId);
                if (SourceDocument.CheckTenant(Tenant) is { } tenant)
                {
                    throw tenant.ToException();
                }

                if (Document is not null)
                {
                    throw new ArgumentException("A delete carries no document.", "document");
                }

                break;
            default:
                throw new ArgumentException($"kind must be {IngestionKind.Upsert} or {IngestionKind.Delete}.", "kind");
        }
    }
}
