using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RedisAspire.Core.Caching;

/// <summary>Registers the result cache.</summary>
public static class ResultCacheServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IResultCache"/> on the registered <c>IConnectionMultiplexer</c>, with settings from the
    /// <c>ResultCache</c> section (validated at start-up) and System.Text.Json unless an <see cref="ICacheSerializer"/> is registered.
    /// </summary>
    public static IServiceCollection AddResultCache(this IServiceCollection services, Action<ResultCacheOptions>? configure = null)
    {
        services.AddOptions<ResultCacheOptions>()
            .BindConfiguration(ResultCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<ICacheSerializer>(_ => new SystemTextJsonCacheSerializer());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CacheStatistics>();
        services.TryAddSingleton<ResultCache>();
        services.TryAddSingleton<IResultCache>(provider => provider.GetRequiredService<ResultCache>());
        services.TryAddSingleton<StampedeLab>();
        return services;
    }
}
