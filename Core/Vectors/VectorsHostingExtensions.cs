using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace RedisAspire.Core.Vectors;

/// <summary>Registers the vector hot tier and its engines.</summary>
internal static class VectorsHostingExtensions
{
    /// <summary>
    /// Binds <see cref="VectorIndexOptions"/> (section <c>Vectors</c>) and registers <see cref="VectorHotTier"/> with the
    /// two engines, the query engine preferred. Needs the Redis connection and the embedding generator. Starts nothing:
    /// the engine is chosen by <see cref="HotTierEngineProbe"/>, which <c>AddRetrievalTiers()</c> registers.
    /// </summary>
    public static IHostApplicationBuilder AddVectorHotTier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName);
        builder.Services.AddVectorEngine<RediSearchEngine>();
        builder.Services.AddVectorEngine<VectorSetsEngine>();
        builder.Services.TryAddSingleton(provider => new VectorEngineSelector(provider.GetServices<IVectorEngine>()));
        builder.Services.TryAddSingleton<VectorHotTier>();
        return builder;
    }

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
