namespace RedisAspire.Core.Ingestion;

/// <summary>What a folder import queued, skipped and could not read.</summary>
/// <param name="Operations">The queue's operations, one per batch, in the order queued; empty when the folder held no document.</param>
/// <param name="Documents">How many documents were queued, in all operations.</param>
/// <param name="Skipped">How many files were skipped for their kind (neither .md, .txt, .html, .htm nor .jsonl).</param>
/// <param name="Errors">The first <see cref="FolderImport.MaxErrors"/> files or lines that could not be imported.</param>
/// <param name="MoreErrors">How many errors there were beyond <paramref name="Errors"/>.</param>
public sealed record FolderImportResult(
    IReadOnlyList<string> Operations,
    int Documents,
    int Skipped,
    IReadOnlyList<FolderImportError> Errors,
    int MoreErrors);
