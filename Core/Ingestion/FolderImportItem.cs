using System.Diagnostics.CodeAnalysis;

namespace RedisAspire.Core.Ingestion;

/// <summary>One result of reading files (a folder import, an upload): a document, an error, or a file skipped for its extension.</summary>
public sealed record FolderImportItem
{
    private FolderImportItem(string file, int? line, SourceDocument? document, FolderImportError? error)
    {
        File = file;
        Line = line;
        Document = document;
        Error = error;
    }

    /// <summary>The file the item comes from, relative to the imported folder, with '/' between directories.</summary>
    public string File { get; }

    /// <summary>The line (from 1) of a JSONL file the item comes from; null for a whole file.</summary>
    public int? Line { get; }

    /// <summary>The document read; null for an error or a skipped file.</summary>
    public SourceDocument? Document { get; }

    /// <summary>What went wrong; null for a document or a skipped file.</summary>
    public FolderImportError? Error { get; }

    /// <summary>Whether the item is a document.</summary>
    [MemberNotNullWhen(true, nameof(Document))]
    public bool IsDocument => Document is not null;

    /// <summary>Whether the item is an error.</summary>
    [MemberNotNullWhen(true, nameof(Error))]
    public bool IsError => Error is not null;

    /// <summary>Whether the file was skipped because the import does not read its kind.</summary>
    public bool IsSkipped => Document is null && Error is null;

    /// <summary>A document read from <paramref name="file"/> (at <paramref name="line"/> of a JSONL file).</summary>
    internal static FolderImportItem Of(string file, int? line, SourceDocument document) =>
        new(file, line, document ?? throw new ArgumentNullException(nameof(document)), null);

    /// <summary>An error.</summary>
    internal static FolderImportItem Failed(FolderImportError error) =>
        new((error ?? throw new ArgumentNullException(nameof(error))).File, error.Line, null, error);

    /// <summary>A file the import does not read.</summary>
    internal static FolderImportItem Skipped(string file) => new(file, null, null, null);
}
