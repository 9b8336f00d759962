using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Connections;

namespace RedisAspire.Core.Caching;

/// <summary>Registers the result cache.</summary>
public static class ResultCacheServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IResultCache"/> on the registered <c>IConnectionMultiplexer</c>, with settings from the
    /// <c>ResultCache</c> section (validated at start-up) and System.Text.Json unless an <see cref="ICacheSerializer"/> is registered
    /// (types with a registered <see cref="ICacheValueSerializer{T}"/>, such as embeddings, go through theirs),
    /// and the <see cref="CacheReplicaReporter"/> that publishes this replica's counters for every replica to read (<see cref="CacheReplicas"/>).
    /// The <see cref="StampedeLab"/> demo is added apart, by <see cref="AddStampedeLab"/>.
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

        services.TryAddSingleton<ICacheSerializer>(provider => new TypedCacheSerializer(new SystemTextJsonCacheSerializer(), provider));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CacheStatistics>();
        services.TryAddChannelSubscriptions();
        services.TryAddSingleton<ResultCache>();
        services.TryAddSingleton<IResultCache>(provider => provider.GetRequiredService<ResultCache>());
        services.TryAddSingleton(provider => new CacheReplicaIdentity(
            provider.GetService<IHostEnvironment>()?.ApplicationName ?? AppDomain.CurrentDomain.FriendlyName,
            provider.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.TryAddSingleton<CacheReplicas>();
        services.AddHostedService<CacheReplicaReporter>();
        return services;
    }

    /// <summary>
    /// Adds <see cref="StampedeLab"/>, which fires stampedes at cache instances on the same Redis to show what a
    /// protection costs; needs <see cref="AddResultCache"/>.
    /// </summary>
    public static IServiceCollection AddStampedeLab(this IServiceCollection services)
    {
        services.TryAddSingleton<StampedeLab>();
        return services;
    }
}
