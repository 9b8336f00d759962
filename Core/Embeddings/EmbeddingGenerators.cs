using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// A generator for any model, not only the configured one: while the database still holds another model's vectors,
/// queries must be embedded with that model, and a re-embedding needs the new one. The configured model's generators
/// are the registered ones; others are built on first use from the same settings and kept.
/// </summary>
public sealed class EmbeddingGenerators(
    IOptions<EmbeddingOptions> options,
    IResultCache cache,
    IEmbeddingGenerator<string, Embedding<float>> configuredCached,
    [Microsoft.Extensions.DependencyInjection.FromKeyedServices(EmbeddingsHostingExtensions.UncachedServiceKey)]
    IEmbeddingGenerator<string, Embedding<float>> configuredUncached) : IDisposable
{
    private readonly ConcurrentDictionary<EmbeddingModel, Lazy<(IEmbeddingGenerator<string, Embedding<float>> Cached, IEmbeddingGenerator<string, Embedding<float>> Uncached)>> others = new();

    /// <summary>The model the configuration names.</summary>
    public EmbeddingModel Configured { get; } = EmbeddingModel.Configured(options.Value);

    /// <summary>The generator of <paramref name="model"/> with the embedding cache in front, for queries.</summary>
    /// <exception cref="ArgumentException">The model cannot be built from the configuration.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Cached(EmbeddingModel model) =>
        model == Configured ? configuredCached : Other(model).Cached;

    /// <summary>The generator of <paramref name="model"/> without the cache, for re-embedding every document (which would only fill the cache).</summary>
    /// <exception cref="ArgumentException">The model cannot be built from the configuration.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> Uncached(EmbeddingModel model) =>
        model == Configured ? configuredUncached : Other(model).Uncached;

    /// <summary>Releases the models built here (the registered ones belong to the container).</summary>
    public void Dispose()
    {
        foreach (var built in others.Values.Where(built => built.IsValueCreated))
        {
            built.Value.Uncached.Dispose();
        }
    }

    private (IEmbeddingGenerator<string, Embedding<float>> Cached, IEmbeddingGenerator<string, Embedding<float>> Uncached) Other(EmbeddingModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var settings = model.ApplyTo(options.Value);
        return others.GetOrAdd(model, _ => new(() =>
        {
            var uncached = EmbeddingGeneratorFactory.Create(settings);
            var cached = new CachingEmbeddingGenerator(
                uncached, cache, settings.Cache.ToPolicy(), EmbeddingGeneratorFactory.CacheModelId(settings));
            return (cached, uncached);
        })).Value;
    }
}
