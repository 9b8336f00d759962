using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>Registers embeddings: the configured generator, with the cache in front of it.</summary>
internal static partial class EmbeddingsHostingExtensions
{
    /// <summary>The service key of the generator without the cache (for re-embedding that must not read cached vectors).</summary>
    public const string UncachedServiceKey = "embeddings:uncached";

    /// <summary>
    /// Binds and validates <see cref="EmbeddingOptions"/> (section <c>Embeddings</c>, checked at start-up), registers the
    /// configured generator under <see cref="UncachedServiceKey"/> and, as the plain
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, a <see cref="CachingEmbeddingGenerator"/> over it. Both
    /// with TryAdd, so a host's own registrations win, and the float32 format of cached vectors
    /// (<see cref="CachedEmbeddingSerializer"/>). The <see cref="IResultCache"/> it needs is registered by the cache.
    /// </summary>
    public static IHostApplicationBuilder AddEmbeddings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<EmbeddingOptions>()
            .BindConfiguration(EmbeddingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>());
        services.TryAddKeyedSingleton(UncachedServiceKey, static (provider, _) => CreateUncached(provider));
        services.TryAddSingleton(static provider => CreateCached(provider));
        services.TryAddSingleton<ICacheValueSerializer<CachedEmbedding>, CachedEmbeddingSerializer>();
        services.TryAddSingleton<EmbeddingGenerators>();
        return builder;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateUncached(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        var generator = EmbeddingGeneratorFactory.Create(options);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        var logger = provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(EmbeddingsHostingExtensions).FullName!) ?? NullLogger.Instance;
        if (options.Provider == EmbeddingProvider.AzureOpenAI)
        {
            LogAzureOpenAI(
                logger, options.AzureOpenAI.Deployment, options.AzureOpenAI.Endpoint,
                metadata?.DefaultModelDimensions, EmbeddingGeneratorFactory.DescribeCredential(options.AzureOpenAI));
        }
        else
        {
            LogLocal(
                logger, metadata?.DefaultModelId, metadata?.DefaultModelDimensions, options.Local.BatchSize, options.Local.MaxInputCharacters,
                options.Local.EffectiveThreads);
        }

        return generator;
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateCached(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
        return new CachingEmbeddingGenerator(
            provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(UncachedServiceKey),
            provider.GetRequiredService<IResultCache>(),
            options.Cache.ToPolicy(),
            EmbeddingGeneratorFactory.CacheModelId(options));
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embeddings: local model {ModelId} ({Dimensions} dimensions), {BatchSize} texts a batch, texts cut at {MaxInputCharacters} characters, at most {Threads} threads")]
    private static partial void LogLocal(ILogger logger, string? modelId, int? dimensions, int batchSize, int maxInputCharacters, int threads);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Embeddings: Azure OpenAI deployment {Deployment} at {Endpoint} ({Dimensions} dimensions), credential: {Credential}")]
    private static partial void LogAzureOpenAI(ILogger logger, string? deployment, Uri? endpoint, int? dimensions, string credential);
}
