using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching.Eviction;
using StackExchange.Redis;

namespace RedisAspire.Api.Extensions;

internal static class CacheEvictionServiceExtensions
{
    /// <summary>Eviction options from <c>ResultCache:Eviction</c> and the policy changer; needs the <c>cache</c> Redis client.</summary>
    public static IHostApplicationBuilder AddCacheEviction(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CacheEvictionOptions>()
            .BindConfiguration(CacheEvictionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(services => new EvictionPolicyChanger(
            services.GetRequiredService<IConnectionMultiplexer>(),
            services.GetRequiredService<IOptions<CacheEvictionOptions>>().Value));

        return builder;
    }
}
