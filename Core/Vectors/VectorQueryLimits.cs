namespace RedisAspire.Core.Vectors;

/// <summary>The bounds every vector query must respect, checked the same way for both engines.</summary>
public static class VectorQueryLimits
{
    /// <summary>The largest K, or range limit, accepted.</summary>
    public const int MaxK = 1000;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose ParamName is "vector", "K", "EfRuntime" or "filters.{field}"
    /// for the first thing <paramref name="schema"/> cannot answer.
    /// </summary>
    public static void Validate(VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireVector(schema, query.Vector);
        if (query.K is <= 0 or > MaxK)
        {
            throw new ArgumentException($"K must be between 1 and {MaxK}; it is {query.K}.", nameof(query.K));
        }

        if (query.EfRuntime is <= 0 or > VectorIndexSchema.MaxEf)
        {
            throw new ArgumentException($"EfRuntime must be between 1 and {VectorIndexSchema.MaxEf}; it is {query.EfRuntime}.", nameof(query.EfRuntime));
        }

        (query.Filter ?? throw new ArgumentException("The filter must not be null.", "filters")).Validate(schema);
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose ParamName is "vector", "Radius", "Limit" or "filters.{field}"
    /// for the first thing <paramref name="schema"/> cannot answer.
    /// </summary>
    public static void Validate(VectorIndexSchema schema, VectorRangeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireVector(schema, query.Vector);
        var largest = schema.Metric == VectorMetric.Cosine ? 2 : double.MaxValue;
        if (!double.IsFinite(query.Radius) || query.Radius < 0 || query.Radius > largest)
        {
            throw new ArgumentException(
                $"Radius must be a distance from 0 to {(largest == 2 ? "2 (cosine distance)" : "any finite value")}; it is {query.Radius}.",
                nameof(query.Radius));
        }

        if (query.Limit is <= 0 or > MaxK)
        {
            throw new ArgumentException($"Limit must be between 1 and {MaxK}; it is {query.Limit}.", nameof(query.Limit));
        }

        (query.Filter ?? throw new ArgumentException("The filter must not be null.", "filters")).Validate(schema);
    }

    private static void RequireVector(VectorIndexSchema schema, float[]? vector)
    {
        VectorDocument.RequireDimension(schema, vector, "vector");
        if (!Array.TrueForAll(vector!, float.IsFinite))
        {
            throw new ArgumentException("The vector holds a value that is not a finite number.", "vector");
        }
    }
}
