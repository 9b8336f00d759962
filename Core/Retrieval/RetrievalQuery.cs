using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>A nearest-neighbour query for the two-tier retriever.</summary>
/// <param name="Search">The query itself, the same for both tiers.</param>
/// <param name="Tier">Which tier may answer.</param>
/// <param name="MaxDistance">
/// When set, a range query: only hits within this distance (in the metric's units, as hits report it), at most K of
/// them. The K nearest cut at the distance are exactly the K nearest within it, so either tier answers it.
/// </param>
public sealed record RetrievalQuery(KnnQuery Search, RetrievalTier Tier = RetrievalTier.Auto, double? MaxDistance = null);
