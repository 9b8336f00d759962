namespace RedisAspire.Core.Vectors;

/// <summary>How the vector field is indexed.</summary>
public enum VectorAlgorithm
{
    /// <summary>Approximate nearest neighbours over a navigable small-world graph.</summary>
    Hnsw,

    /// <summary>Exact brute-force scan.</summary>
    Flat,
}
