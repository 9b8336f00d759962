using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>POST /ingest/documents</c>: documents to write and documents to remove, as one operation.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestRequest
{
    /// <summary>Documents to add or replace; the Worker chunks and embeds them.</summary>
    public IReadOnlyList<IngestDocument>? Documents { get; init; }

    /// <summary>Documents to remove from both tiers.</summary>
    public IReadOnlyList<IngestDelete>? Deletes { get; init; }
}

/// <summary>One document to write.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestDocument
{
    /// <summary>The document's id (its chunks are <c>{id}#{n}</c>).</summary>
    public string? Id { get; init; }

    /// <summary>The tenant that owns it.</summary>
    public string? Tenant { get; init; }

    /// <summary>Its language, for example <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>Its title, embedded with every chunk and returned with hits.</summary>
    public string? Title { get; init; }

    /// <summary>Its text.</summary>
    public string? Body { get; init; }

    /// <summary>When it last changed; now when absent. An older version than the stored one is skipped.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>A JSON object of further fields (the index's other TAG and NUMERIC fields among them).</summary>
    public JsonElement? Metadata { get; init; }
}

/// <summary>One document to remove.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestDelete
{
    /// <summary>The document's id.</summary>
    public string? Id { get; init; }

    /// <summary>The tenant that owns it.</summary>
    public string? Tenant { get; init; }
}
