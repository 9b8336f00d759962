using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>Registers the semantic answer cache.</summary>
public static class SemanticAnswerCacheServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ISemanticAnswerCache"/> and <see cref="SemanticAnswerAudit"/> with settings from the
    /// <c>Answers:Semantic</c> section (validated at start-up). The questions' index is on the hot tier's engine and
    /// connection (the keyed <c>vectors</c> one when registered), so it needs <c>AddVectorHotTier()</c> (through
    /// <c>AddRetrievalTiers()</c>); answers are looked up in the result cache (<c>AddResultCache()</c>) unless an
    /// <see cref="IAnswerPresence"/> is registered.
    /// </summary>
    public static IServiceCollection AddSemanticAnswerCache(this IServiceCollection services, Action<SemanticAnswerCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SemanticAnswerCacheOptions>()
            .BindConfiguration(SemanticAnswerCacheOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAnswerPresence, ResultCacheAnswerPresence>();
        services.TryAddSingleton<SemanticAnswerStatistics>();
        services.TryAddSingleton<SemanticAnswerAudit>();
        services.TryAddSingleton(provider => new SemanticAnswerTelemetry(
            provider.GetService<IMeterFactory>(), provider.GetRequiredService<SemanticAnswerStatistics>(), provider.GetRequiredService<SemanticAnswerAudit>()));
        services.TryAddSingleton<ISemanticAnswerCache>(provider =>
        {
            // The instruments read the counters; they are created with the cache and live as long.
            _ = provider.GetRequiredService<SemanticAnswerTelemetry>();
            var hotTier = provider.GetRequiredService<VectorHotTier>();
            return new SemanticAnswerCache(
                KeptDataConnection.Of(provider),
                () => hotTier.Engine,
                provider.GetRequiredService<IOptions<SemanticAnswerCacheOptions>>(),
                provider.GetRequiredService<IAnswerPresence>(),
                provider.GetRequiredService<SemanticAnswerStatistics>(),
                provider.GetRequiredService<TimeProvider>());
        });
        return services;
    }
}
