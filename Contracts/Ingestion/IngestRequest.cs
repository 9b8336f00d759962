using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /ingest/documents</c>: documents to write and documents to remove, as one operation.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestRequest
{
    /// <summary>Documents to add or replace; the Worker chunks and embeds them.</summary>
    public IReadOnlyList<IngestDocument>? Documents { get; init; }

    /// <summary>Documents to remove from both tiers.</summary>
    public IReadOnlyList<DocumentReference>? Deletes { get; init; }
}

/// <summary>A document to write, with its id.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record IngestDocument : DocumentRequest
{
    /// <summary>The document's id (required; its chunks are <c>{id}#{n}</c>).</summary>
    public string? Id { get; init; }
}

/// <summary>A document to remove.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DocumentReference
{
    /// <summary>The document's id.</summary>
    public string? Id { get; init; }

    /// <summary>The tenant that owns it.</summary>
    public string? Tenant { get; init; }
}

/// <summary>A queued operation: read its progress at <c>/operations/{OperationId}</c>.</summary>
/// <param name="OperationId">The operation's id.</param>
/// <param name="Messages">How many writes and removals it carries.</param>
public sealed record OperationAccepted(string OperationId, int Messages);
