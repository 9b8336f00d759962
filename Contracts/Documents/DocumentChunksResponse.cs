namespace RedisAspire.Contracts;

/// <summary>A page of a document's chunks as PostgreSQL holds them, in order, and which of them the hot tier holds (<c>GET /documents/{id}/chunks</c>).</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Index">The hot tier's index.</param>
/// <param name="Engine">The hot tier's engine.</param>
/// <param name="EmbeddingVersion">The embedding version read (every chunk of the page is of it).</param>
/// <param name="Total">How many chunks PostgreSQL holds of the document (one for a document stored whole).</param>
/// <param name="Offset">The position of the page's first chunk among them, from 0.</param>
/// <param name="Limit">The most chunks the page could hold.</param>
/// <param name="Chunks">The page's chunks, in order; empty past the last one.</param>
public sealed record DocumentChunksResponse(
    string Id,
    string Index,
    string Engine,
    int EmbeddingVersion,
    int Total,
    int Offset,
    int Limit,
    IReadOnlyList<DocumentChunk> Chunks)
{
    /// <summary>The most chunks a page may hold (<c>limit</c>).</summary>
    public const int MaxLimit = 200;

    /// <summary>The chunks a page holds when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 50;
}

/// <summary>One chunk of a document.</summary>
/// <param name="Id">The chunk's id, <c>{document}#{position}</c> (the document's own id for a document stored whole); hits of a search carry it.</param>
/// <param name="Position">Its place in the document, from 0.</param>
/// <param name="InHotTier">Whether the Redis hot tier holds it too.</param>
/// <param name="Text">The first 200 characters of its text, as PostgreSQL stores it (the text each chunk was embedded from, without its title); null when no text is stored.</param>
/// <param name="TextLength">The length of its whole text, in characters; more than the length of <paramref name="Text"/> when that is cut short; null when no text is stored.</param>
/// <param name="EmbeddingModel">The model its vector came from (<c>supplied</c> when the writer gave the vector).</param>
/// <param name="EmbeddingVersion">The embedding version its vector belongs to.</param>
public sealed record DocumentChunk(string Id, int Position, bool InHotTier, string? Text, int? TextLength, string EmbeddingModel, int EmbeddingVersion);
