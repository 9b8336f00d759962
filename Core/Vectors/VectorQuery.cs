namespace RedisAspire.Core.Vectors;

/// <summary>A nearest-neighbour (KNN) query: the K closest documents that pass the filter.</summary>
public sealed record KnnQuery
{
    /// <summary>The query vector; its length must equal the schema's dimension.</summary>
    public required float[] Vector { get; init; }

    /// <summary>How many neighbours to return.</summary>
    public required int K { get; init; }

    /// <summary>The pre-filter; <see cref="VectorFilter.None"/> searches every document.</summary>
    public VectorFilter Filter { get; init; } = VectorFilter.None;

    /// <summary>HNSW candidates for this query only; null uses the index's EF_RUNTIME.</summary>
    public int? EfRuntime { get; init; }

    /// <summary>The fields to return (with "score" for the distance); null returns every field of the hash.</summary>
    public IReadOnlyList<string>? ReturnFields { get; init; }

    /// <summary>Whether results are sorted by distance, closest first.</summary>
    public bool SortByScore { get; init; } = true;

    /// <summary>How many results to return; null returns K (RediSearch would stop at 10 otherwise).</summary>
    public int? Limit { get; init; }
}

/// <summary>A range query: every document within a distance of the vector that passes the filter.</summary>
public sealed record VectorRangeQuery
{
    /// <summary>The query vector; its length must equal the schema's dimension.</summary>
    public required float[] Vector { get; init; }

    /// <summary>The largest distance accepted, in the metric's own units.</summary>
    public required double Radius { get; init; }

    /// <summary>The filter applied together with the range.</summary>
    public VectorFilter Filter { get; init; } = VectorFilter.None;

    /// <summary>The fields to return (with "score" for the distance); null returns every field of the hash.</summary>
    public IReadOnlyList<string>? ReturnFields { get; init; }

    /// <summary>Whether results are sorted by distance, closest first.</summary>
    public bool SortByScore { get; init; } = true;

    /// <summary>How many results to return at most; null leaves RediSearch's default of 10.</summary>
    public int? Limit { get; init; }
}
