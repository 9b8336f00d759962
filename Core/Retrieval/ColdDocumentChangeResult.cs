namespace RedisAspire.Core.Retrieval;

/// <summary>What <see cref="PostgresColdTier.ApplyAsync"/> did with one <see cref="ColdDocumentChange"/>.</summary>
/// <param name="DocumentId">The source document.</param>
/// <param name="Applied">False when the document changed since the change was planned (or came twice in one call): nothing of it was written.</param>
/// <param name="Written">The rows inserted or rewritten; a row whose content, model and fields were already so is not.</param>
/// <param name="Deleted">The rows deleted because the document no longer has them.</param>
internal sealed record ColdDocumentChangeResult(string DocumentId, bool Applied, IReadOnlyList<string> Written, IReadOnlyList<string> Deleted)
{
    /// <summary>A change refused because the document is no longer as it was planned from.</summary>
    public static ColdDocumentChangeResult Conflict(string documentId) => new(documentId, false, [], []);
}
