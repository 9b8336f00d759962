namespace RedisAspire.Core.Vectors;

/// <summary>How two vectors' distance is measured.</summary>
public enum VectorMetric
{
    /// <summary>Cosine distance, 1 - cosine similarity, in [0, 2].</summary>
    Cosine,

    /// <summary>Inner product distance, 1 - dot product.</summary>
    InnerProduct,

    /// <summary>Squared Euclidean distance.</summary>
    L2,
}
