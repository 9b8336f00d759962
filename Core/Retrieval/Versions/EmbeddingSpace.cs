using Microsoft.Extensions.AI;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Everything that belongs to one embedding version: the model that embeds queries and documents, the cold tier's
/// table and the hot tier's index holding that model's vectors, and the retriever and result cache over them. A query
/// takes one space at its start and keeps it to the end, so its vector and the vectors it is compared with always
/// come from the same model, even when another version goes live meanwhile.
/// </summary>
public sealed class EmbeddingSpace
{
    internal EmbeddingSpace(
        EmbeddingVersion version,
        IEmbeddingGenerator<string, Embedding<float>> embeddings,
        PostgresColdTier cold,
        IVectorIndex hot,
        TwoTierRetriever retriever,
        SearchResultCache searchResultCache,
        HotSetRefresher hotSet)
    {
        Version = version;
        Embeddings = embeddings;
        Cold = cold;
        Hot = hot;
        Retriever = retriever;
        SearchResultCache = searchResultCache;
        HotSet = hotSet;
    }

    /// <summary>The version: its number, model, dimension and table.</summary>
    public EmbeddingVersion Version { get; }

    /// <summary>The version's model, with the embedding cache in front.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Embeddings { get; }

    /// <summary>The hot tier's index of the version.</summary>
    public IVectorIndex Hot { get; }

    /// <summary>The retriever behind the result cache: searches asked again are answered from it.</summary>
    public SearchResultCache SearchResultCache { get; }

    /// <summary>The hot-set refresh of this version's hot index.</summary>
    public HotSetRefresher HotSet { get; }

    /// <summary>The cold tier over the version's table.</summary>
    internal PostgresColdTier Cold { get; }

    /// <summary>Hot tier first, cold tier on a miss, both of this version.</summary>
    internal TwoTierRetriever Retriever { get; }

    /// <summary>
    /// Document <paramref name="documentId"/> as the cold tier holds it: its first chunk (whose fields every chunk
    /// shares), how many chunks it has, and how many of them the hot tier holds; null when PostgreSQL holds none of it.
    /// </summary>
    public async Task<StoredDocument?> ReadDocumentAsync(string documentId, CancellationToken cancellationToken)
    {
        VectorDocument.ValidateId(documentId);
        var rows = (await Cold.ReadChunkHashesAsync([documentId], cancellationToken).ConfigureAwait(false)).GetValueOrDefault(documentId) ?? [];
        if (rows.Count == 0)
        {
            return null;
        }

        var firstId = rows.Select(row => row.Id).Min(StringComparer.Ordinal)!;
        var first = (await Cold.ReadForHotTierAsync([firstId], cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (first is null)
        {
            return null;
        }

        var hot = await Hot.ContainsAsync([.. rows.Select(row => row.Id)], cancellationToken).ConfigureAwait(false);
        return new StoredDocument(documentId, first, rows.Count, hot.Count);
    }

    /// <summary>
    /// Chunks <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="limit"/> of document
    /// <paramref name="documentId"/> in chunk order, with the start of each one's text and whether the hot tier holds
    /// it; null when PostgreSQL holds none of it.
    /// </summary>
    public async Task<DocumentChunkPage?> ReadChunksAsync(string documentId, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, DocumentChunkPage.MaxPageSize);
        var page = await Cold.ReadChunkPageAsync(documentId, offset, limit, DocumentChunkPage.PreviewLength, cancellationToken).ConfigureAwait(false);
        if (page is null || page.Chunks.Count == 0)
        {
            return page;
        }

        var hot = await Hot.ContainsAsync([.. page.Chunks.Select(chunk => chunk.Id)], cancellationToken).ConfigureAwait(false);
        return page with { Chunks = [.. page.Chunks.Select(chunk => chunk with { InHotTier = hot.Contains(chunk.Id) })] };
    }

    /// <summary>Whether the cold tier holds any document of this version.</summary>
    public async Task<bool> HoldsDocumentsAsync(CancellationToken cancellationToken) =>
        await Cold.CountAsync(cancellationToken).ConfigureAwait(false) > 0;
}
