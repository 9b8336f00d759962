using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The cold tier, set up once at start-up: the live embedding version's table migrated (its schema built from the
/// <c>Vectors</c> settings and the version's dimension, exactly as the hot tier builds it), and, on a database that
/// has none yet, the configured model recorded as version 1. A first table of another dimension than the configured
/// model stops the host with a message that names both. A read replica is checked, not required: one that cannot be
/// reached or is not in recovery is logged, and its searches go to the primary while it fails.
/// </summary>
internal sealed partial class ColdTierHost(
    NpgsqlDataSource dataSource,
    EmbeddingVersionStore versions,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<EmbeddingOptions> embeddingOptions,
    IOptions<VectorIndexOptions> vectors,
    IOptions<ColdTierOptions> options,
    ColdTierReadSource readSource,
    ILogger<ColdTierHost> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (readSource.Replica is { } replica)
        {
            await CheckReplicaAsync(replica, cancellationToken).ConfigureAwait(false);
        }

        if (!options.Value.MigrateOnStart)
        {
            return;
        }

        var configuredDimension = embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        var live = await versions.ReadLiveAsync(cancellationToken).ConfigureAwait(false);
        var schema = live is null
            ? VectorHotTier.Schema(vectors.Value, configuredDimension)
            : vectors.Value.ToSchema(live.Dimensions);
        var tier = new PostgresColdTier(dataSource, schema, live?.Table ?? ColdTierTables.First);
        var applied = await tier.MigrateAsync(cancellationToken).ConfigureAwait(false);
        live ??= await versions.RecordFirstAsync(
            await FirstModelAsync(tier, cancellationToken).ConfigureAwait(false), schema.Dimension, cancellationToken).ConfigureAwait(false);
        LogReady(logger, live.Number, live.Model.ToString(), live.Table, live.Dimensions, schema.Metric, applied);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Logs whether the replica answers and is one (in recovery); never stops the host.</summary>
    private async Task CheckReplicaAsync(NpgsqlDataSource replica, CancellationToken cancellationToken)
    {
        var parsed = new NpgsqlConnectionStringBuilder(replica.ConnectionString);
        var address = $"{parsed.Host}:{parsed.Port}";
        try
        {
            var command = replica.CreateCommand("SELECT pg_is_in_recovery()");
            await using (command.ConfigureAwait(false))
            {
                var inRecovery = (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                if (inRecovery)
                {
                    LogReplica(logger, address);
                }
                else
                {
                    LogReplicaNotInRecovery(logger, address);
                }
            }
        }
        catch (NpgsqlException exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogReplicaUnreachable(logger, exception, address);
        }
    }

    /// <summary>
    /// The model of a database's first version: the configured one, unless its rows say they were embedded by the other
    /// local model (a database filled before versions were recorded, then configured for another model).
    /// </summary>
    private async Task<EmbeddingModel> FirstModelAsync(PostgresColdTier tier, CancellationToken cancellationToken)
    {
        var configured = EmbeddingModel.Configured(embeddingOptions.Value);
        var stored = await tier.ReadAnyEmbeddingModelAsync(cancellationToken).ConfigureAwait(false);
        return stored is not null && stored != configured.Name && LocalEmbeddingModels.IsKnown(stored)
            ? new EmbeddingModel(EmbeddingProvider.Local, stored)
            : configured;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Cold tier: embedding version {Version} ({Model}) in PostgreSQL table {Table} ({Dimension} dimensions, {Metric}); {Applied} migrations applied")]
    private static partial void LogReady(ILogger logger, int version, string model, string table, int dimension, VectorMetric metric, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cold tier: searches read from the read replica at {Address}")]
    private static partial void LogReplica(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Cold tier: the read replica at {Address} is not in recovery (not a standby, or promoted); searches read from it, and a write there would not reach the primary")]
    private static partial void LogReplicaNotInRecovery(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cold tier: the read replica at {Address} cannot be reached; searches go to the primary until it answers")]
    private static partial void LogReplicaUnreachable(ILogger logger, Exception exception, string address);
}
