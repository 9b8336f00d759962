namespace RedisAspire.Core.Vectors;

/// <summary>
/// The vector hot tier, whichever engine holds it: documents in, nearest documents out, with the same ids, scores and
/// errors from both engines.
/// </summary>
/// <remarks>
/// Invalid input (a vector of the wrong dimension, a filter on a field the schema lacks, a bad K) throws
/// <see cref="ArgumentException"/> whose ParamName names the offending field; a rebuild refused because another runs
/// throws <see cref="VectorRebuildConflictException"/>.
/// </remarks>
public interface IVectorIndex : IVectorSearch
{
    /// <summary>The name of the engine that answers (<see cref="IVectorEngine.Name"/>).</summary>
    string Engine { get; }

    /// <summary>The index definition; its <see cref="VectorIndexSchema.Name"/> is the name callers use.</summary>
    VectorIndexSchema Schema { get; }

    /// <summary>Creates the index if it does not exist yet; safe to call from several replicas at once.</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken);

    /// <summary>Adds or replaces a document.</summary>
    Task UpsertAsync(VectorDocument document, CancellationToken cancellationToken);

    /// <summary>The document with its vector and fields as the live version holds it; null when it holds none.</summary>
    Task<VectorDocument?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="ids"/> the index holds, in its live version or in the one a running rebuild fills: a
    /// cheap check before a batch of writes, each id's check pipelined with the others.
    /// </summary>
    Task<IReadOnlySet<string>> ContainsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Removes a document; false when the index did not hold it.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);

    /// <summary>How many documents the index holds.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>The documents within <see cref="VectorRangeQuery.Radius"/> that pass the filter, closest first.</summary>
    Task<VectorSearchResult> SearchRangeAsync(VectorRangeQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the index, every document it holds and its rebuild state, when its embedding version is retired. Safe to
    /// call again, and from several replicas; a later write or <see cref="EnsureCreatedAsync"/> makes it anew.
    /// </summary>
    Task DropAsync(CancellationToken cancellationToken);

    /// <summary>The index's figures (documents, memory, indexing state) and its last rebuild.</summary>
    Task<VectorIndexStatus> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Builds a new version of the index beside the live one, from <paramref name="source"/> or, when it is null, from
    /// the documents the index holds, under the current schema; then swaps it in atomically. Queries meanwhile see
    /// the whole old version, then the whole new one. Writes and deletes made during the rebuild reach the new version.
    /// </summary>
    /// <exception cref="VectorRebuildConflictException">Another rebuild of this index is running.</exception>
    Task<VectorRebuildStatus> RebuildAsync(IAsyncEnumerable<VectorDocument>? source, CancellationToken cancellationToken);
}
