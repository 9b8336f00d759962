namespace RedisAspire.Contracts;

/// <summary>The hot tier's index as its engine reports it (<c>GET /indexes/{name}</c>), the same shape for both engines.</summary>
/// <param name="Name">The name callers use (an alias for RediSearch, the set's name for Vector Sets).</param>
/// <param name="Engine">The engine holding it (RediSearch, VectorSets).</param>
/// <param name="Live">What queries read now: the versioned index behind the alias, or the set's key.</param>
/// <param name="Documents">How many documents it holds.</param>
/// <param name="Dimension">The vectors' dimension.</param>
/// <param name="Metric">The distance metric (Cosine, InnerProduct, L2).</param>
/// <param name="Algorithm">The index algorithm (Hnsw, Flat).</param>
/// <param name="Storage">How vectors are stored: FLOAT32 for RediSearch, the quantization the set reports for Vector Sets.</param>
/// <param name="MemoryBytes">The memory the engine reports for the index; null when it reports none.</param>
/// <param name="Indexing">Whether the engine is still indexing existing documents in the background.</param>
/// <param name="PercentIndexed">How far that is, from 0 to 1.</param>
/// <param name="IndexingFailures">Documents the engine could not index (for example a vector of the wrong size).</param>
/// <param name="Rebuild">The running or last rebuild; null when there has been none.</param>
/// <param name="Schema">The definition the live version was built from: its fields and the HNSW settings.</param>
public sealed record IndexResponse(
    string Name,
    string Engine,
    string Live,
    long Documents,
    int Dimension,
    string Metric,
    string Algorithm,
    string Storage,
    long? MemoryBytes,
    bool Indexing,
    double PercentIndexed,
    long IndexingFailures,
    IndexRebuild? Rebuild,
    IndexSchema? Schema = null);

/// <summary>The definition an index is built from, the same for both engines.</summary>
/// <param name="KeyPrefix">RediSearch: the prefix of the hashes the index covers.</param>
/// <param name="Fields">Every field: the vector, then the TAG, NUMERIC and TEXT fields, in the order the index declares them.</param>
/// <param name="M">HNSW: edges per node; null for FLAT, or when the server's default applies.</param>
/// <param name="EfConstruction">HNSW: candidates kept while building; null for FLAT, or when the server's default applies.</param>
/// <param name="EfRuntime">HNSW: candidates kept while querying when a query gives none; null when the Api chooses per query (at least 100, ten per result asked).</param>
/// <param name="FilterEf">Vector Sets: the candidates a filtered query inspects at most; null for the server's default.</param>
/// <param name="Quantization">Vector Sets: how the set stores vectors (Q8, Binary, NoQuantization).</param>
public sealed record IndexSchema(
    string KeyPrefix, IReadOnlyList<IndexField> Fields, int? M, int? EfConstruction, int? EfRuntime, int? FilterEf, string Quantization);

/// <summary>One field of an index.</summary>
/// <param name="Name">The field's name, as filters and results use it.</param>
/// <param name="Type">VECTOR, TAG, NUMERIC or TEXT.</param>
/// <param name="Sortable">Whether the index can sort by it.</param>
public sealed record IndexField(string Name, string Type, bool Sortable);

/// <summary>A rebuild's progress or outcome, as every replica sees it.</summary>
/// <param name="State">Running, completed or failed.</param>
/// <param name="Target">The version being built or swapped in (a key or an index name).</param>
/// <param name="Copied">How many documents have been written to the new version.</param>
/// <param name="Expected">How many documents the source held when the rebuild started; null when unknown.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
public sealed record IndexRebuild(
    RebuildState State, string Target, long Copied, long? Expected, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);
