using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>A document as the cold tier keeps it durably: its text, its filter columns, its embedding and where the embedding came from.</summary>
internal sealed record ColdDocument
{
    private readonly string? documentId;

    /// <summary>The document's id, the same in both tiers.</summary>
    public required string Id { get; init; }

    /// <summary>
    /// The id of the source document this row is a chunk of (<c>{DocumentId}#{index}</c>); a document stored whole is
    /// its own source, which is what this is when not set (or set to null).
    /// </summary>
    [AllowNull]
    public string DocumentId
    {
        get => documentId ?? Id;
        init => documentId = value;
    }

    /// <summary>The tenant that owns the document.</summary>
    public required string Tenant { get; init; }

    /// <summary>The document's language, for example "en"; null when unknown.</summary>
    public string? Language { get; init; }

    /// <summary>The title, returned with search results.</summary>
    public string? Title { get; init; }

    /// <summary>The text that was embedded; chunks written by the ingestion pipeline were embedded after their title (see <see cref="Ingestion.EmbeddedText"/>).</summary>
    public string? Body { get; init; }

    /// <summary>A JSON object with the schema's further TAG and NUMERIC fields (and anything else worth keeping).</summary>
    public string Metadata { get; init; } = "{}";

    /// <summary>When the document last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>A hash of the embedded content (see <see cref="Retrieval.ContentHash.Of"/>): same hash and model, same vector.</summary>
    public required string ContentHash { get; init; }

    /// <summary>The model that produced <see cref="Vector"/>, for example "all-MiniLM-L6-v2".</summary>
    public required string EmbeddingModel { get; init; }

    /// <summary>The embedding; its length must equal the schema's dimension.</summary>
    public required float[] Vector { get; init; }

    /// <summary>Throws an <see cref="ArgumentException"/> whose ParamName names the first thing <paramref name="schema"/> cannot hold.</summary>
    public void Validate(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        VectorDocument.ValidateId(Id);
        if (documentId is not null
            && (documentId.Length == 0 || documentId.Length > VectorDocument.MaxIdLength || documentId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException(
                $"documentId must be 1 to {VectorDocument.MaxIdLength} characters without whitespace or control characters.", "documentId");
        }

        RequireText(Tenant, "tenant");
        if (Language is not null)
        {
            RequireText(Language, "language");
        }

        RequireText(ContentHash, "contentHash");
        RequireText(EmbeddingModel, "embeddingModel");
        VectorDocument.RequireDimension(schema, Vector, "vector");
        if (!Array.TrueForAll(Vector, float.IsFinite))
        {
            throw new ArgumentException("The vector holds a value that is not a finite number.", "vector");
        }

        MetadataJson.RequireObject(Metadata);
    }

    /// <summary>The document as the hot tier holds it: TAG, NUMERIC and TEXT fields from the columns, the rest from <see cref="Metadata"/>.</summary>
    public VectorDocument ToVectorDocument(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using var metadata = JsonDocument.Parse(Metadata);
        return new VectorDocument(
            Id,
            Vector,
            ColdTierFields.Tags(schema, Tenant, Language, metadata.RootElement),
            ColdTierFields.Numbers(schema, UpdatedAt, metadata.RootElement),
            ColdTierFields.Texts(schema, Title, Body, metadata.RootElement));
    }

    private static void RequireText(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty.", parameterName);
        }
    }
}
