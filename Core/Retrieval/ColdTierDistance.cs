using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>pgvector's operators for each metric, and its distances turned into RediSearch's units so both tiers score alike.</summary>
internal static class ColdTierDistance
{
    /// <summary>The distance operator the HNSW index serves for <paramref name="metric"/>.</summary>
    public static string Operator(VectorMetric metric) => metric switch
    {
        VectorMetric.Cosine => "<=>",
        VectorMetric.InnerProduct => "<#>",
        VectorMetric.L2 => "<->",
        _ => throw Unknown(metric),
    };

    /// <summary>The HNSW operator class whose operator is <see cref="Operator"/>.</summary>
    public static string OperatorClass(VectorMetric metric) => metric switch
    {
        VectorMetric.Cosine => "vector_cosine_ops",
        VectorMetric.InnerProduct => "vector_ip_ops",
        VectorMetric.L2 => "vector_l2_ops",
        _ => throw Unknown(metric),
    };

    /// <summary>
    /// RediSearch's distance for what pgvector's operator returned: COSINE is already 1 - cosine; <c>&lt;#&gt;</c> is
    /// the negative dot product, and RediSearch's IP is 1 - dot; <c>&lt;-&gt;</c> is Euclidean, and RediSearch's L2 is squared.
    /// </summary>
    public static double ToRediSearch(VectorMetric metric, double pgvectorDistance) => metric switch
    {
        VectorMetric.Cosine => pgvectorDistance,
        VectorMetric.InnerProduct => 1 + pgvectorDistance,
        VectorMetric.L2 => pgvectorDistance * pgvectorDistance,
        _ => throw Unknown(metric),
    };

    private static ArgumentOutOfRangeException Unknown(VectorMetric metric) =>
        new(nameof(metric), metric, "Unknown vector metric; use Cosine, InnerProduct or L2.");
}
