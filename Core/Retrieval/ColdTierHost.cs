using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The cold tier, set up once at start-up: the schema built from the <c>Vectors</c> settings and the embedding
/// model's dimension (exactly as the hot tier builds it), then the migrations applied. A table of another dimension
/// stops the host with a message that names both.
/// </summary>
public sealed partial class ColdTierHost(
    NpgsqlDataSource dataSource,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<VectorIndexOptions> vectors,
    IOptions<ColdTierOptions> options,
    ILogger<ColdTierHost> logger) : IHostedService
{
    private PostgresColdTier? tier;

    /// <summary>The cold tier; available once the host has started.</summary>
    public PostgresColdTier Tier => tier ?? throw new InvalidOperationException("The cold tier is not started yet.");

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schema = VectorHotTier.Schema(vectors.Value, embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        var created = new PostgresColdTier(dataSource, schema);
        var applied = options.Value.MigrateOnStart ? await created.MigrateAsync(cancellationToken).ConfigureAwait(false) : 0;
        tier = created;
        LogReady(logger, schema.Dimension, schema.Metric, applied);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold tier: PostgreSQL documents ({Dimension} dimensions, {Metric}); {Applied} migrations applied")]
    private static partial void LogReady(ILogger logger, int dimension, VectorMetric metric, int applied);
}
