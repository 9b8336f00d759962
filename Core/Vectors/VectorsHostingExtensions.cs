using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Connections;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>Registers the vector hot tier and its engines.</summary>
internal static class VectorsHostingExtensions
{
    /// <summary>
    /// Binds <see cref="VectorIndexOptions"/> (section <c>Vectors</c>) and registers <see cref="VectorHotTier"/> with the
    /// two engines, the query engine preferred. Needs the Redis connection (the keyed <c>vectors</c> one when registered) and the embedding generator. Starts nothing:
    /// the engine is chosen by <see cref="HotTierEngineProbe"/>, which <c>AddRetrievalTiers()</c> registers.
    /// </summary>
    public static IHostApplicationBuilder AddVectorHotTier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName);
        builder.Services.AddVectorEngine<RediSearchEngine>();
        builder.Services.AddVectorEngine<VectorSetsEngine>();
        builder.Services.TryAddSingleton(provider => new VectorEngineSelector(provider.GetServices<IVectorEngine>()));
        // On the vectors connection, which is the cache connection unless a second Redis is configured.
        builder.Services.TryAddSingleton(provider => ActivatorUtilities.CreateInstance<VectorHotTier>(
            provider, HotTierConnection(provider)));
        return builder;
    }

    /// <summary>The keyed <c>vectors</c> connection when one is registered, else the unkeyed one.</summary>
    private static IConnectionMultiplexer HotTierConnection(IServiceProvider provider) =>
        KeptDataConnection.Of(provider);

    /// <summary>
    /// Registers a vector engine once; with <c>Vectors:Engine</c> set to auto, engines registered earlier are preferred
    /// when the server offers several.
    /// </summary>
    public static IServiceCollection AddVectorEngine<TEngine>(this IServiceCollection services)
        where TEngine : class, IVectorEngine
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IVectorEngine, TEngine>());
        return services;
    }
}
