namespace RedisAspire.Core.Vectors;

/// <summary>Anything that answers nearest-neighbour queries with <see cref="VectorHit"/>s: either tier of the retriever.</summary>
public interface IVectorSearch
{
    /// <summary>The K nearest documents that pass the filter, closest first, with their stored fields.</summary>
    Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken);
}
