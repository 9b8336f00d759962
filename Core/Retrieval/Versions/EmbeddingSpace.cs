using Microsoft.Extensions.AI;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Everything that belongs to one embedding version: the model that embeds queries and documents, the cold tier's
/// table and the hot tier's index holding that model's vectors, and the retriever and result cache over them. A query
/// takes one space at its start and keeps it to the end, so its vector and the vectors it is compared with always
/// come from the same model, even when another version goes live meanwhile.
/// </summary>
public sealed class EmbeddingSpace(
    EmbeddingVersion version,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    PostgresColdTier cold,
    IVectorIndex hot,
    TwoTierRetriever retriever,
    SearchResultCache searchResultCache,
    HotSetRefresher hotSet)
{
    /// <summary>The version: its number, model, dimension and table.</summary>
    public EmbeddingVersion Version { get; } = version;

    /// <summary>The version's model, with the embedding cache in front.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Embeddings { get; } = embeddings;

    /// <summary>The cold tier over the version's table.</summary>
    public PostgresColdTier Cold { get; } = cold;

    /// <summary>The hot tier's index of the version.</summary>
    public IVectorIndex Hot { get; } = hot;

    /// <summary>Hot tier first, cold tier on a miss, both of this version.</summary>
    public TwoTierRetriever Retriever { get; } = retriever;

    /// <summary>The retriever behind the result cache: searches asked again are answered from it.</summary>
    public SearchResultCache SearchResultCache { get; } = searchResultCache;

    /// <summary>The hot-set refresh of this version's hot index.</summary>
    public HotSetRefresher HotSet { get; } = hotSet;
}
