using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Vectors;

/// <summary>The hot tier's types as the Api's contracts.</summary>
internal static class VectorContracts
{
    public static IndexResponse ToContract(this VectorIndexStatus status, VectorIndexSchema schema) => new(
        status.Name, status.Engine, status.Live, status.Documents, status.Dimension, status.Metric.ToString(),
        status.Algorithm.ToString(), status.Storage, status.MemoryBytes, status.Indexing, status.PercentIndexed, status.IndexingFailures,
        status.Rebuild is { } rebuild
            ? new IndexRebuild(
                ContractEnum.To<RebuildState>(rebuild.State), rebuild.Target, rebuild.Copied, rebuild.Expected, rebuild.StartedAt,
                rebuild.FinishedAt, rebuild.Error)
            : null,
        schema.ToContract());

    public static IndexSchema ToContract(this VectorIndexSchema schema)
    {
        var hnsw = schema.Algorithm == VectorAlgorithm.Hnsw;
        IndexField[] fields =
        [
            new(schema.VectorField, "VECTOR", Sortable: false),
            .. schema.TagFields.Select(tag => new IndexField(tag, "TAG", Sortable: false)),
            .. schema.NumericFields.Select(numeric => new IndexField(numeric.Name, "NUMERIC", numeric.Sortable)),
            .. schema.TextFields.Select(text => new IndexField(text, "TEXT", Sortable: false)),
        ];
        return new IndexSchema(
            schema.KeyPrefix, fields, hnsw ? schema.M : null, hnsw ? schema.EfConstruction : null, hnsw ? schema.EfRuntime : null,
            schema.FilterEf, schema.Quantization.ToString());
    }

    public static HotSetRefresh? ToContract(this HotSetRefreshStatus? status) => status is null ? null : new(
        ContractEnum.To<RebuildState>(status.State), status.Planned, status.FromAsks, status.Loaded, status.StartedAt, status.FinishedAt,
        status.Error);
}
