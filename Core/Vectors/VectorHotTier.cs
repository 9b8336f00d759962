using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The hot tier's engine, chosen once (<see cref="ChooseEngineAsync"/>, which <see cref="HotTierEngineProbe"/> calls at
/// start-up): the server is probed, the engine picked (or the configured one checked), and the settings checked to make
/// a valid schema for the embedding model's dimension. A server that cannot hold the index, or settings that do not
/// make a valid schema, stop the host with one message. Each embedding version then has its own index (<see cref="Open"/>).
/// </summary>
internal sealed partial class VectorHotTier(
    IConnectionMultiplexer redis,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    VectorEngineSelector engines,
    IOptions<VectorIndexOptions> options,
    ILogger<VectorHotTier> logger)
{
    private IVectorEngine? engine;

    /// <summary>The engine every index is on; available once it is chosen.</summary>
    public IVectorEngine Engine => engine ?? throw new InvalidOperationException("The vector hot tier's engine is not chosen yet: the host has not started.");

    /// <summary>Probes the server and chooses the engine, checking the settings on the way.</summary>
    /// <exception cref="InvalidOperationException">The server offers no engine (or not the one asked for), or the settings make no valid schema.</exception>
    public async Task ChooseEngineAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var schema = Schema(settings, embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions);
        var server = await RedisCapabilityProbe.ProbeAsync(redis, cancellationToken).ConfigureAwait(false);
        engine = engines.Choose(server, settings.Engine);
        LogChosen(logger, engine.Name, server.Version.ToString(), schema.Name, schema.Dimension, schema.Metric, settings.Engine);
    }

    /// <summary>
    /// The index of embedding version <paramref name="embeddingVersion"/> for vectors of <paramref name="dimension"/>:
    /// version 1 is named and keyed as the settings say (<c>embeddings</c> over <c>doc:</c>); version n after it
    /// <c>embeddings_vn</c> over <c>doc:en:</c>, so two versions never share a key.
    /// </summary>
    public IVectorIndex Open(int embeddingVersion, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingVersion, 1);
        // Not Schema(): Vectors:Dimension describes the configured model, and this version may be of another.
        var schema = VersionSchema(options.Value.ToSchema(dimension), embeddingVersion);
        schema.Validate();
        return Engine.Open(redis, schema);
    }

    /// <summary><paramref name="schema"/> renamed and re-keyed for embedding version <paramref name="embeddingVersion"/> (unchanged for version 1).</summary>
    public static VectorIndexSchema VersionSchema(VectorIndexSchema schema, int embeddingVersion)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return embeddingVersion == 1 ? schema : schema with
        {
            Name = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{schema.Name}_v{embeddingVersion}"),
            KeyPrefix = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{schema.KeyPrefix}e{embeddingVersion}:"),
        };
    }

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
    private static partial void LogChosen(ILogger logger, string engine, string version, string index, int dimension, VectorMetric metric, string setting);
}
