namespace RedisAspire.Core.Vectors;

/// <summary>The bounds every vector query must respect, checked the same way for both engines.</summary>
public static class VectorQueryLimits
{
    /// <summary>The largest K, or range limit, accepted.</summary>
    public const int MaxK = 1000;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose ParamName is "vector", "k", "efRuntime" or "filters.{field}"
    /// for the first thing <paramref name="schema"/> cannot answer.
    /// </summary>
    public static void Validate(VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        InputError.ThrowFirst(VectorErrors(schema, query.Vector)
            .Concat(Check(CheckK(query.K, MaxK)))
            .Concat(Check(CheckEfRuntime(query.EfRuntime)))
            .Concat(FilterErrors(schema, query.Filter)));
    }

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose ParamName is "vector", "radius", "limit" or "filters.{field}"
    /// for the first thing <paramref name="schema"/> cannot answer.
    /// </summary>
    public static void Validate(VectorIndexSchema schema, VectorRangeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        InputError.ThrowFirst(VectorErrors(schema, query.Vector)
            .Concat(Check(CheckRadius(schema, query.Radius)))
            .Concat(Check(query.Limit is <= 0 or > MaxK ? new("limit", $"limit must be between 1 and {MaxK}; it is {query.Limit}.") : null))
            .Concat(FilterErrors(schema, query.Filter)));
    }

    /// <summary>What is wrong with <paramref name="k"/> as a number of results, at most <paramref name="max"/>; null when nothing is.</summary>
    public static InputError? CheckK(int k, int max) =>
        k is <= 0 || k > max ? new("k", $"k must be between 1 and {max}; it is {k}.") : null;

    /// <summary>What is wrong with <paramref name="efRuntime"/> as HNSW candidates for one query; null when nothing is.</summary>
    public static InputError? CheckEfRuntime(int? efRuntime) =>
        efRuntime is <= 0 or > VectorIndexSchema.MaxEf
            ? new("efRuntime", $"efRuntime must be between 1 and {VectorIndexSchema.MaxEf}; it is {efRuntime}.")
            : null;

    /// <summary>What is wrong with <paramref name="radius"/> as a distance in <paramref name="schema"/>'s metric; null when nothing is.</summary>
    public static InputError? CheckRadius(VectorIndexSchema schema, double radius)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var largest = schema.Metric == VectorMetric.Cosine ? 2 : double.MaxValue;
        return !double.IsFinite(radius) || radius < 0 || radius > largest
            ? new("radius", $"radius must be a distance from 0 to {(largest == 2 ? "2 (cosine distance)" : "any finite value")}; it is {radius}.")
            : null;
    }

    /// <summary>What is wrong with <paramref name="vector"/> as a query vector of <paramref name="schema"/>: its dimension, or a value that is not finite.</summary>
    public static IEnumerable<InputError> VectorErrors(VectorIndexSchema schema, float[]? vector)
    {
        if (VectorDocument.CheckDimension(schema, vector, "vector") is { } dimension)
        {
            yield return dimension;
        }
        else if (!Array.TrueForAll(vector!, float.IsFinite))
        {
            yield return new("vector", "The vector holds a value that is not a finite number.");
        }
    }

    private static IEnumerable<InputError> FilterErrors(VectorIndexSchema schema, VectorFilter? filter) =>
        filter?.Errors(schema) ?? [new InputError("filters", "The filter must not be null.")];

    private static IEnumerable<InputError> Check(InputError? error) => error is null ? [] : [error];
}
