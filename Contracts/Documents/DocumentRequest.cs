using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>
/// A document to write (<c>PUT /documents/{id}</c>, and each of <c>POST /ingest/documents</c>'s documents): the Worker
/// chunks and embeds its body and writes both tiers. The fields of a line of a JSONL import file, where the date
/// (<c>updated_at</c> there) is required.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public record DocumentRequest
{
    /// <summary>The tenant that owns it (required).</summary>
    public string? Tenant { get; init; }

    /// <summary>Its language, for example <c>en</c>.</summary>
    public string? Language { get; init; }

    /// <summary>Its title, embedded with every chunk and returned with hits.</summary>
    public string? Title { get; init; }

    /// <summary>Its text (required).</summary>
    public string? Body { get; init; }

    /// <summary>When it last changed; now when absent. A version older than the stored one is skipped.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>
    /// Further fields: values of the index's other TAG fields (strings) and NUMERIC fields (numbers), which searches can
    /// filter on, and anything else worth keeping.
    /// </summary>
    public Dictionary<string, JsonElement>? Metadata { get; init; }
}
