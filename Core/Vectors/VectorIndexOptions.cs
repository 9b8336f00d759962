namespace RedisAspire.Core.Vectors;

/// <summary>The configuration section <c>Vectors</c>: which engine holds the hot tier, and the index's settings.</summary>
public sealed class VectorIndexOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Vectors";

    /// <summary><c>Vectors:Engine</c>: auto (the default: the query engine when the server has it, else Vector Sets), RediSearch or VectorSets.</summary>
    public string Engine { get; set; } = "auto";

    /// <summary><c>Vectors:IndexName</c>: the name callers use (the alias, or the set's name).</summary>
    public string IndexName { get; set; } = "embeddings";

    /// <summary><c>Vectors:KeyPrefix</c>: the prefix of RediSearch's document hashes.</summary>
    public string KeyPrefix { get; set; } = "doc:";

    /// <summary><c>Vectors:Dimension</c>: only needed when the embedding model does not report its dimension.</summary>
    public int? Dimension { get; set; }

    /// <summary><c>Vectors:Metric</c>: Cosine (the default; the only one Vector Sets offer), InnerProduct or L2.</summary>
    public VectorMetric Metric { get; set; } = VectorMetric.Cosine;

    /// <summary><c>Vectors:Algorithm</c>: Hnsw (the default) or Flat (RediSearch only: exact, slower on large sets).</summary>
    public VectorAlgorithm Algorithm { get; set; } = VectorAlgorithm.Hnsw;

    /// <summary><c>Vectors:M</c>: HNSW edges per node.</summary>
    public int? M { get; set; } = 16;

    /// <summary><c>Vectors:EfConstruction</c>: HNSW candidates kept while building.</summary>
    public int? EfConstruction { get; set; } = 64;

    /// <summary><c>Vectors:EfRuntime</c>: HNSW candidates a query explores when it does not say; unset: max(100, 10·K).</summary>
    public int? EfRuntime { get; set; }

    /// <summary><c>Vectors:FilterEf</c>: Vector Sets only, the most candidates a filtered query inspects; unset: the server's 100 per result.</summary>
    public int? FilterEf { get; set; }

    /// <summary><c>Vectors:Quantization</c>: how Vector Sets store vectors: Q8 (the default), NoQuantization or Binary.</summary>
    public VectorQuantization Quantization { get; set; } = VectorQuantization.Q8;

    /// <summary>The schema these settings describe, for vectors of <paramref name="dimension"/> dimensions.</summary>
    public VectorIndexSchema ToSchema(int dimension) => new()
    {
        Name = IndexName,
        KeyPrefix = KeyPrefix,
        Dimension = dimension,
        Metric = Metric,
        Algorithm = Algorithm,
        M = M,
        EfConstruction = EfConstruction,
        EfRuntime = EfRuntime,
        FilterEf = FilterEf,
        Quantization = Quantization,
    };
}
