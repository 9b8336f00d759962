using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>A nearest-neighbour query for the two-tier retriever.</summary>
/// <param name="Search">The query itself, the same for both tiers.</param>
/// <param name="Tier">Which tier may answer.</param>
public sealed record RetrievalQuery(KnnQuery Search, RetrievalTier Tier = RetrievalTier.Auto);
