using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Vectors;

/// <summary>The hot tier's types as the Api's contracts.</summary>
internal static class VectorContracts
{
    public static IndexResponse ToContract(this VectorIndexStatus status) => new(
        status.Name, status.Engine, status.Live, status.Documents, status.Dimension, status.Metric.ToString(),
        status.Algorithm.ToString(), status.Storage, status.MemoryBytes, status.Indexing, status.PercentIndexed, status.IndexingFailures,
        status.Rebuild is { } rebuild
            ? new IndexRebuild(
                ContractEnum.To<RebuildState>(rebuild.State), rebuild.Target, rebuild.Copied, rebuild.Expected, rebuild.StartedAt,
                rebuild.FinishedAt, rebuild.Error)
            : null);

    public static HotSetRefresh? ToContract(this HotSetRefreshStatus? status) => status is null ? null : new(
        ContractEnum.To<RebuildState>(status.State), status.Planned, status.FromAsks, status.Loaded, status.StartedAt, status.FinishedAt,
        status.Error);
}
