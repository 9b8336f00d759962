using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RedisAspire.Core.Vectors;

/// <summary>Registers the vector hot tier.</summary>
public static class VectorsHostingExtensions
{
    /// <summary>
    /// Binds <see cref="VectorIndexOptions"/> (section <c>Vectors</c>) and registers <see cref="VectorHotTier"/>, which
    /// picks the engine and creates the index at start-up. Needs the Redis connection and the embedding generator.
    /// </summary>
    public static IHostApplicationBuilder AddVectorHotTier(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<VectorIndexOptions>().BindConfiguration(VectorIndexOptions.SectionName);
        builder.Services.AddSingleton<VectorHotTier>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<VectorHotTier>());
        return builder;
    }
}
