using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Ingestion;

/// <summary>Registers the ingestion pipeline.</summary>
public static class IngestionHostingExtensions
{
    /// <summary>
    /// Binds and validates <see cref="IngestionOptions"/> (section <c>Ingestion</c>, chunking under
    /// <c>Ingestion:Chunking</c>, checked at start-up) and registers <see cref="IngestionPipelines"/>: the pipeline of
    /// the live embedding version (its model, tiers and result cache), with the <c>redisaspire.ingestion.pipeline</c>
    /// meter, and the <see cref="AnswerInvalidator"/> through which a write drops the cached answers written from the
    /// documents it changed; with TryAdd, so a host's own registrations win. Needs <c>AddEmbeddings()</c>, <c>AddVectorHotTier()</c>,
    /// <c>AddColdTier()</c> and <c>AddTwoTierRetrieval()</c>.
    /// </summary>
    public static IHostApplicationBuilder AddIngestionPipeline(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<IngestionOptions>()
            .BindConfiguration(IngestionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new IngestionPipelineTelemetry(provider.GetService<IMeterFactory>()));

        services.TryAddSingleton(provider => new AnswerInvalidator(provider.GetRequiredService<IResultCache>()));
        services.TryAddSingleton<IngestionPipelines>();
        services.TryAddSingleton<IIngestionHandler>(provider => new PipelineIngestionHandler(provider.GetRequiredService<IngestionPipelines>()));
        return builder;
    }
}
