using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Ingestion;

/// <summary>A document as it enters ingestion, before it is chunked and embedded.</summary>
public sealed record SourceDocument
{
    /// <summary>The longest tenant name accepted.</summary>
    public const int MaxTenantLength = 64;

    /// <summary>
    /// The longest body accepted, in characters (about 1 MB of text): far beyond any one document worth retrieving,
    /// small enough that a bad input cannot make chunking and embedding run away.
    /// </summary>
    public const int MaxBodyLength = 1_000_000;

    /// <summary>The document's id, the same in every tier (see <see cref="VectorDocument.ValidateId"/>).</summary>
    public required string Id { get; init; }

    /// <summary>The tenant that owns the document.</summary>
    public required string Tenant { get; init; }

    /// <summary>The document's language, for example "en"; null when unknown.</summary>
    public string? Language { get; init; }

    /// <summary>The title, returned with search results; null when the source has none.</summary>
    public string? Title { get; init; }

    /// <summary>The text to chunk and embed.</summary>
    public required string Body { get; init; }

    /// <summary>When the document last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>A JSON object with further fields (filters, where the document came from, ...).</summary>
    public string Metadata { get; init; } = "{}";

    /// <summary>Throws an <see cref="ArgumentException"/> whose ParamName names the first field that is not valid.</summary>
    public void Validate()
    {
        VectorDocument.ValidateId(Id);
        if (Id.Length > DocumentChunker.MaxDocumentIdLength)
        {
            // Checked here, where a write is accepted, rather than when the Worker chunks it and can only dead-letter it.
            throw new ArgumentException($"id has {Id.Length} characters; at most {DocumentChunker.MaxDocumentIdLength} leave room for chunk ids.", "id");
        }

        if (string.IsNullOrWhiteSpace(Tenant) || Tenant.Length > MaxTenantLength)
        {
            throw new ArgumentException($"tenant must be 1 to {MaxTenantLength} characters and not blank.", "tenant");
        }

        if (Language is not null && string.IsNullOrWhiteSpace(Language))
        {
            throw new ArgumentException("language must be null or not blank.", "language");
        }

        if (string.IsNullOrWhiteSpace(Body))
        {
            throw new ArgumentException("body must not be empty.", "body");
        }

        if (Body.Length > MaxBodyLength)
        {
            throw new ArgumentException($"body has {Body.Length} characters; at most {MaxBodyLength} are accepted.", "body");
        }

        MetadataJson.RequireObject(Metadata);
    }
}
