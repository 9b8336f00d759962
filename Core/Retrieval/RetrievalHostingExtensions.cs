using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Core.Retrieval;

/// <summary>Registers the two-tier retriever over the hot tier and the cold tier.</summary>
public static class RetrievalHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RetrievalOptions"/> (section <c>Retrieval</c>, checked at start-up) and registers
    /// <see cref="TwoTierRetriever"/> over <see cref="VectorHotTier"/> and <see cref="ColdTierHost"/>, with ask counts in
    /// Redis and the <c>redisaspire.retrieval</c> meter, and <see cref="HotSetRefresher"/> with <see cref="HotSetOptions"/>
    /// (section <c>HotSet</c>). Needs <c>AddVectorHotTier()</c> and <c>AddColdTier()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddTwoTierRetrieval(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RetrievalOptions>()
            .BindConfiguration(RetrievalOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.HotTimeout > TimeSpan.Zero, "Retrieval:HotTimeout must be above zero.")
            .Validate(options => options.ResultTimeToLive >= TimeSpan.Zero, "Retrieval:ResultTimeToLive must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new RetrievalTelemetry(provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton(provider => new RedisAskCounter(provider.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<IAskCounter>(provider => provider.GetRequiredService<RedisAskCounter>());
        services.AddSingleton(provider => new SearchResultCache(
            provider.GetRequiredService<TwoTierRetriever>(),
            provider.GetRequiredService<IResultCache>(),
            provider.GetRequiredService<IAskCounter>(),
            provider.GetRequiredService<VectorHotTier>().Index.Schema.Name,
            provider.GetRequiredService<IOptions<RetrievalOptions>>()));
        services.AddOptions<HotSetOptions>()
            .BindConfiguration(HotSetOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.TenantSizes.Values.All(size => size >= 0), "HotSet:TenantSizes must not be negative.")
            .Validate(options => HotSetSchedule.IsValid(options.Schedule), "HotSet:Schedule is not a cron expression (for example '0 3 * * *', nightly at 03:00 UTC) nor 'off'.")
            .ValidateOnStart();
        services.AddSingleton(provider => new HotSetRefresher(
            provider.GetRequiredService<VectorHotTier>().Index,
            provider.GetRequiredService<ColdTierHost>().Tier,
            provider.GetRequiredService<RedisAskCounter>(),
            provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<SearchResultCache>(),
            provider.GetRequiredService<IOptions<HotSetOptions>>(),
            provider.GetRequiredService<ILogger<HotSetRefresher>>()));
        // Both tiers exist once the host has started, before the first request resolves the retriever.
        services.AddSingleton(provider => new TwoTierRetriever(
            provider.GetRequiredService<VectorHotTier>().Index,
            provider.GetRequiredService<ColdTierHost>().Tier,
            provider.GetRequiredService<IAskCounter>(),
            provider.GetRequiredService<IOptions<RetrievalOptions>>(),
            provider.GetRequiredService<RetrievalTelemetry>(),
            provider.GetRequiredService<ILogger<TwoTierRetriever>>()));
        return builder;
    }
}
