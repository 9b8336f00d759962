using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /ingest/folder</c>: a folder under <c>Ingestion:FolderImport:Root</c> and what its documents default to.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record FolderImportRequest
{
    /// <summary>The folder (required): absolute, or relative to the import root.</summary>
    public string? Path { get; init; }

    /// <summary>The tenant (required) of its markdown, text and HTML files, and of JSONL lines that name none.</summary>
    public string? Tenant { get; init; }

    /// <summary>The language of documents that do not say, for example <c>en</c>.</summary>
    public string? Language { get; init; }
}

/// <summary>What a folder import queued, skipped and could not read.</summary>
/// <param name="Operations">The queue's operations, one per batch, in the order queued; empty when the folder held no document.</param>
/// <param name="Documents">How many documents were queued, in all operations.</param>
/// <param name="Skipped">How many files were skipped for their kind (neither .md, .txt, .html, .htm nor .jsonl).</param>
/// <param name="Errors">The first files or lines that could not be imported.</param>
/// <param name="MoreErrors">How many errors there were beyond those listed.</param>
public sealed record FolderImportResponse(
    IReadOnlyList<string> Operations, int Documents, int Skipped, IReadOnlyList<FolderImportError> Errors, int MoreErrors);

/// <summary>A file or line that could not be imported.</summary>
/// <param name="File">The file, relative to the folder.</param>
/// <param name="Line">The JSONL line, when the error is a line's.</param>
/// <param name="Field">The field that was wrong, when one was.</param>
/// <param name="Message">What was wrong.</param>
public sealed record FolderImportError(string File, int? Line, string? Field, string Message);
