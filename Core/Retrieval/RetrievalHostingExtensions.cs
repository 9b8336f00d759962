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
internal static class RetrievalHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="RetrievalOptions"/> (section <c>Retrieval</c>, checked at start-up) and
    /// <see cref="HotSetOptions"/> (section <c>HotSet</c>), and registers <see cref="EmbeddingSpaces"/> (the live embedding
    /// version's two tiers, retriever, result cache and hot-set refresh) with the <see cref="EmbeddingSpaceFactory"/> that
    /// opens them, ask counts in Redis and the <c>redisaspire.retrieval</c> meter. Needs <c>AddEmbeddings()</c>,
    /// <c>AddVectorHotTier()</c> and <c>AddColdTier()</c>. Starts nothing: <see cref="EmbeddingVersionFollower"/>, which
    /// <c>AddRetrievalTiers()</c> registers, opens the live version at start-up and follows switches.
    /// </summary>
    public static IHostApplicationBuilder AddTwoTierRetrieval(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RetrievalOptions>()
            .BindConfiguration(RetrievalOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.HotTimeout > TimeSpan.Zero, "Retrieval:HotTimeout must be above zero.")
            .Validate(options => options.HotFailuresBeforeBreak >= 1, "Retrieval:HotFailuresBeforeBreak must be 1 or more.")
            .Validate(options => options.HotBreakDuration >= TimeSpan.Zero, "Retrieval:HotBreakDuration must not be negative (00:00:00: no break).")
            .Validate(options => options.ResultTimeToLive >= TimeSpan.Zero, "Retrieval:ResultTimeToLive must not be negative.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new RetrievalStatistics(provider.GetService<TimeProvider>()));
        services.AddSingleton(provider => new RetrievalTelemetry(
            provider.GetService<System.Diagnostics.Metrics.IMeterFactory>(), provider.GetRequiredService<RetrievalStatistics>()));
        services.AddSingleton(provider => new RedisAskCounter(provider.GetRequiredService<IConnectionMultiplexer>()));
        services.AddSingleton<IAskCounter>(provider => provider.GetRequiredService<RedisAskCounter>());
        services.AddOptions<HotSetOptions>()
            .BindConfiguration(HotSetOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(options => options.TenantSizes.Values.All(size => size >= 0), "HotSet:TenantSizes must not be negative.")
            .Validate(options => HotSetOptions.TryParsePolicy(options.Policy, out _), HotSetOptions.PolicyError)
            .Validate(options => options.ColdStartInterval >= TimeSpan.Zero, "HotSet:ColdStartInterval must not be negative (00:00:00 turns the cold-start check off).")
            .Validate(options => HotSetSchedule.IsValid(options.Schedule), "HotSet:Schedule is not a cron expression (for example '0 3 * * *', nightly at 03:00 UTC) nor 'off'.")
            .ValidateOnStart();
        services.TryAddSingleton<EmbeddingSpaceFactory>();
        services.TryAddSingleton(provider => new EmbeddingSpaces(
            provider.GetRequiredService<EmbeddingVersionStore>(),
            provider.GetRequiredService<EmbeddingSpaceFactory>(),
            provider.GetRequiredService<ILogger<EmbeddingSpaces>>()));

        // The live version's pieces, for work that needs no pinned version (a query pins one: EmbeddingSpaces.RunAsync).
        services.AddTransient(provider => provider.GetRequiredService<EmbeddingSpaces>().Live.SearchResultCache);
        services.AddTransient(provider => provider.GetRequiredService<EmbeddingSpaces>().Live.HotSet);
        services.AddTransient(provider => provider.GetRequiredService<EmbeddingSpaces>().Live.Retriever);
        return builder;
    }
}
