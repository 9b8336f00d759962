using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>A hot tier whose writes fail while <see cref="Failing"/> is set, as when Redis goes away; everything else goes to the real one.</summary>
internal sealed class FailingHotTier(IVectorIndex inner) : IVectorIndex
{
    public bool Failing { get; set; } = true;

    public string Engine => inner.Engine;

    public VectorIndexSchema Schema => inner.Schema;

    public Task UpsertAsync(VectorDocument document, CancellationToken cancellationToken) =>
        Failing ? throw new StackExchange.Redis.RedisException("Redis is gone.")
        : inner.UpsertAsync(document, cancellationToken);

    public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

    public Task<IReadOnlySet<string>> ContainsAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => inner.ContainsAsync(ids, cancellationToken);

    public Task EnsureCreatedAsync(CancellationToken cancellationToken) => inner.EnsureCreatedAsync(cancellationToken);

    public Task<VectorDocument?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) => inner.CountAsync(cancellationToken);

    public Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);

    public Task<VectorSearchResult> SearchRangeAsync(VectorRangeQuery query, CancellationToken cancellationToken) => inner.SearchRangeAsync(query, cancellationToken);

    public Task DropAsync(CancellationToken cancellationToken) => inner.DropAsync(cancellationToken);

    public Task<VectorIndexStatus> DescribeAsync(CancellationToken cancellationToken) => inner.DescribeAsync(cancellationToken);

    public Task<VectorRebuildStatus> RebuildAsync(IAsyncEnumerable<VectorDocument>? source, CancellationToken cancellationToken) =>
        inner.RebuildAsync(source, cancellationToken);
}
