namespace RedisAspire.Core.Vectors;

/// <summary>An index's figures as its engine reports them, the same shape for both engines.</summary>
/// <param name="Name">The name callers use (an alias for RediSearch, the set's name for Vector Sets).</param>
/// <param name="Engine">The name of the engine holding it.</param>
/// <param name="Live">What queries read now: the versioned index behind the alias, or the set's key.</param>
/// <param name="Documents">How many documents it holds.</param>
/// <param name="Dimension">The vectors' dimension.</param>
/// <param name="Metric">The distance metric.</param>
/// <param name="Algorithm">The index algorithm.</param>
/// <param name="Storage">How vectors are stored: FLOAT32 for RediSearch, the quantization the set reports for Vector Sets.</param>
/// <param name="MemoryBytes">The memory the engine reports for the index; null when it reports none.</param>
/// <param name="Indexing">Whether the engine is still indexing existing documents in the background.</param>
/// <param name="PercentIndexed">How far that is, from 0 to 1.</param>
/// <param name="IndexingFailures">Documents the engine could not index (for example a vector of the wrong size).</param>
/// <param name="Rebuild">The running or last rebuild; null when there has been none.</param>
public sealed record VectorIndexStatus(
    string Name,
    string Engine,
    string Live,
    long Documents,
    int Dimension,
    VectorMetric Metric,
    VectorAlgorithm Algorithm,
    string Storage,
    long? MemoryBytes,
    bool Indexing,
    double PercentIndexed,
    long IndexingFailures,
    VectorRebuildStatus? Rebuild);
