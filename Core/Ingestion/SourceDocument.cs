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
    public void Validate() => InputError.ThrowFirst(Errors());

    /// <summary>Every field that is not valid, and why.</summary>
    public IEnumerable<InputError> Errors()
    {
        if (VectorDocument.CheckId(Id) is { } id)
        {
            yield return id;
        }
        else if (Id.Length > DocumentChunker.MaxDocumentIdLength)
        {
            // Checked here, where a write is accepted, rather than when the Worker chunks it and can only dead-letter it.
            yield return new("id", $"id has {Id.Length} characters; at most {DocumentChunker.MaxDocumentIdLength} leave room for chunk ids.");
        }

        if (CheckTenant(Tenant) is { } tenant)
        {
            yield return tenant;
        }

        if (Language is not null && string.IsNullOrWhiteSpace(Language))
        {
            yield return new("language", "language must be absent or not blank.");
        }

        if (string.IsNullOrWhiteSpace(Body))
        {
            yield return new("body", "body must not be empty.");
        }
        else if (Body.Length > MaxBodyLength)
        {
            yield return new("body", $"body has {Body.Length} characters; at most {MaxBodyLength} are accepted.");
        }

        if (MetadataJson.CheckObject(Metadata) is { } metadata)
        {
            yield return metadata;
        }
    }

    /// <summary>
    /// What is wrong with <paramref name="tenant"/> as a tenant's name; null when nothing is. A name is an identifier of
    /// letters, digits, '.', '_' and '-': it stands in cache keys and tags (<c>tenant:NAME:...</c>) and in claims, where
    /// a ':' or a brace would let one name pass for the start of another.
    /// </summary>
    public static InputError? CheckTenant(string? tenant) =>
        string.IsNullOrEmpty(tenant) || tenant.Length > MaxTenantLength || !tenant.All(IsTenantCharacter)
            ? new("tenant", $"tenant must be 1 to {MaxTenantLength} letters, digits, '.', '_' or '-'.")
            : null;

    private static bool IsTenantCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
