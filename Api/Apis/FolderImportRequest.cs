using System.Text.Json.Serialization;

namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>POST /ingest/folder</c>: a folder under <c>Ingestion:FolderImport:Root</c> and what its documents default to.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FolderImportRequest
{
    /// <summary>The folder: absolute, or relative to the import root.</summary>
    public string? Path { get; init; }

    /// <summary>The tenant of its markdown, text and HTML files, and of JSONL lines that name none.</summary>
    public string? Tenant { get; init; }

    /// <summary>The language of documents that do not say, for example <c>en</c>.</summary>
    public string? Language { get; init; }
}
