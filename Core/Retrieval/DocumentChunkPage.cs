namespace RedisAspire.Core.Retrieval;

/// <summary>A page of a source document's chunks as the cold tier holds them, and which of them the hot tier holds.</summary>
/// <param name="DocumentId">The source document.</param>
/// <param name="Tenant">The tenant that owns it (its first chunk's).</param>
/// <param name="Total">How many rows PostgreSQL holds of it: its chunks, or one for a document stored whole.</param>
/// <param name="Chunks">The page's chunks, in chunk order.</param>
public sealed record DocumentChunkPage(string DocumentId, string Tenant, int Total, IReadOnlyList<DocumentChunkSummary> Chunks)
{
    /// <summary>How many characters of a chunk's text a page shows.</summary>
    public const int PreviewLength = 200;

    /// <summary>The most chunks one page holds.</summary>
    public const int MaxPageSize = 200;
}
