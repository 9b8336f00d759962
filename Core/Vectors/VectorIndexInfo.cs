namespace RedisAspire.Core.Vectors;

/// <summary>An index's figures from <c>FT.INFO</c>.</summary>
/// <param name="Name">The index name.</param>
/// <param name="NumDocs">How many documents are indexed.</param>
/// <param name="Indexing">Whether a background scan is still indexing existing keys.</param>
/// <param name="PercentIndexed">How far that scan is, from 0 to 1.</param>
/// <param name="HashIndexingFailures">How many hashes could not be indexed (for example a vector of the wrong size).</param>
/// <param name="VectorIndexSizeMb">The vector index's memory, in MB.</param>
/// <param name="TotalIndexMemoryMb">The whole index's memory, in MB (0 when the server does not report it).</param>
internal sealed record VectorIndexInfo(
    string Name,
    long NumDocs,
    bool Indexing,
    double PercentIndexed,
    long HashIndexingFailures,
    double VectorIndexSizeMb,
    double TotalIndexMemoryMb);
