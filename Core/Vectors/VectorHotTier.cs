using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The hot tier's index, chosen once at start-up: the server is probed, the engine picked (or the configured one
/// checked), the schema built with the embedding model's dimension, and the index created if missing. A server
/// that cannot hold the index, or settings that do not make a valid schema, stop the host with one message.
/// </summary>
public sealed partial class VectorHotTier(
    IConnectionMultiplexer redis,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IOptions<VectorIndexOptions> options,
    ILogger<VectorHotTier> logger) : IHostedService
{
    private IVectorIndex? index;

    /// <summary>The index; available once the host has started.</summary>
    public IVectorIndex Index => index ?? throw new InvalidOperationException("The vector hot tier is not started yet.");

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var schema = Schema(settings, embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        var server = await RedisCapabilityProbe.ProbeAsync(redis, cancellationToken).ConfigureAwait(false);
        var engine = VectorEngineSelector.Choose(server, settings.Engine);
        IVectorIndex created = engine == VectorEngine.RediSearch ? new RediSearchIndex(redis, schema) : new VectorSetsIndex(redis, schema);
        await created.EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        index = created;
        LogChosen(logger, engine, server.Version.ToString(), schema.Name, schema.Dimension, schema.Metric, settings.Engine);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The schema of <paramref name="settings"/>, for the model's dimension; a clear error when they disagree or are not valid.</summary>
    public static VectorIndexSchema Schema(VectorIndexOptions settings, int? modelDimension)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Dimension is { } configured && modelDimension is { } model && configured != model)
        {
            throw new InvalidOperationException(
                $"Vectors:Dimension is {configured}, but the embedding model produces {model} dimensions; remove the setting or make them agree.");
        }

        var dimension = modelDimension ?? settings.Dimension
            ?? throw new InvalidOperationException("The embedding model does not report its dimension: set Vectors:Dimension.");
        var schema = settings.ToSchema(dimension);
        try
        {
            schema.Validate();
        }
        catch (ArgumentException exception)
        {
            throw new InvalidOperationException($"The Vectors settings do not make a valid index: {exception.Message}", exception);
        }

        return schema;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Vector hot tier: {Engine} on Redis {Version}, index {Index} ({Dimension} dimensions, {Metric}); Vectors:Engine is {Setting}")]
    private static partial void LogChosen(ILogger logger, VectorEngine engine, string version, string index, int dimension, VectorMetric metric, string setting);
}
