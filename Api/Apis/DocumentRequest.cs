using System.Text.Json.Serialization;

namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>PUT /documents/{id}</c>: a document for the hot tier.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DocumentRequest
{
    /// <summary>The text to embed (through the embedding cache). Give this or <see cref="Vector"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The document's vector itself, of the index's dimension. Give this or <see cref="Text"/>.</summary>
    public float[]? Vector { get; init; }

    /// <summary>The title returned with results.</summary>
    public string? Title { get; init; }

    /// <summary>The tenant the document belongs to (required).</summary>
    public string? Tenant { get; init; }

    /// <summary>The document's language, for example <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>When the document was last changed; now when absent.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>Values of the index's other TAG fields.</summary>
    public Dictionary<string, string>? Tags { get; init; }

    /// <summary>Values of the index's other NUMERIC fields.</summary>
    public Dictionary<string, double>? Numbers { get; init; }
}
