namespace RedisAspire.Core.Vectors;

/// <summary>One document a vector query found.</summary>
/// <param name="Id">The document's key, for example "doc:1".</param>
/// <param name="Distance">The raw distance in the metric's units (COSINE: 1 - cosine, in [0, 2]; IP: 1 - dot; L2: squared); null when the query yielded none.</param>
/// <param name="Similarity">COSINE only: 1 - distance clamped to [0, 1] (opposite vectors report 0); null for IP, L2 or without a distance.</param>
/// <param name="Fields">The returned fields other than the distance and the vector, as text.</param>
public sealed record VectorHit(string Id, double? Distance, double? Similarity, IReadOnlyDictionary<string, string> Fields);

/// <summary>What a vector query returned.</summary>
/// <param name="Total">How many documents matched in all (for KNN at most K).</param>
/// <param name="Hits">The documents returned, in the server's order.</param>
public sealed record VectorSearchResult(long Total, IReadOnlyList<VectorHit> Hits);
