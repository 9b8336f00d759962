namespace RedisAspire.Core.Ingestion;

/// <summary>A file, or a line of a JSONL file, that could not be imported; the import goes on with the next one.</summary>
/// <param name="File">The file's path relative to the imported folder, with '/' between directories.</param>
/// <param name="Line">The line (from 1) of a JSONL file; null when the whole file failed.</param>
/// <param name="Field">The field that was wrong ("id", "body", "updated_at", ...); null when the file or line could not be read at all.</param>
/// <param name="Message">What was wrong, naming the field.</param>
public sealed record FolderImportError(string File, int? Line, string? Field, string Message);
