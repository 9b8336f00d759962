using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using StackExchange.Redis;

namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Registers the ingestion queue.</summary>
public static class IngestionQueueServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IngestionQueue"/> on the Redis that must never evict (the <c>vectors</c> connection when the host
    /// registered one, else the only one: accepted writes must not vanish under memory pressure), with settings from the
    /// <c>Ingestion:Queue</c> section (validated at start-up), the <c>redisaspire.ingestion</c> meter, and
    /// <see cref="IngestionConsumer"/>, which needs an <see cref="IIngestionHandler"/> from the host. No hosted service
    /// is added: a Worker runs <see cref="IngestionConsumer.RunAsync"/> from one of its own.
    /// </summary>
    public static IServiceCollection AddIngestionQueue(this IServiceCollection services, Action<IngestionQueueOptions>? configure = null)
    {
        services.AddOptions<IngestionQueueOptions>()
            .BindConfiguration(IngestionQueueOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                options => options.MaxBatchDocuments <= options.MaxLength,
                "Ingestion:Queue:MaxBatchDocuments must not be above Ingestion:Queue:MaxLength: such a batch could never be enqueued.")
            .Validate(
                options => options.MaxEntryBytes <= options.MaxBatchBytes,
                "Ingestion:Queue:MaxEntryBytes must not be above Ingestion:Queue:MaxBatchBytes: a batch of one such message would be refused.")
            .Validate(
                options => options.IdleConsumerTimeout > options.IdleWait,
                "Ingestion:Queue:IdleConsumerTimeout must be above Ingestion:Queue:IdleWait: a live consumer waiting between reads would be taken for a stopped one.")
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new IngestionQueueTelemetry(provider.GetService<IMeterFactory>()));
        services.TryAddSingleton(provider => new IngestionQueue(
            KeptDataConnection.Of(provider),
            provider.GetRequiredService<IOptions<IngestionQueueOptions>>(),
            provider.GetRequiredService<IngestionQueueTelemetry>(),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddChannelSubscriptions();
        services.TryAddSingleton(provider => new IngestionConsumer(
            KeptDataConnection.Of(provider),
            KeptDataConnection.SubscriptionsOf(provider),
            provider.GetRequiredService<IngestionQueue>(),
            provider.GetRequiredService<IIngestionHandler>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<IngestionConsumer>>()));
        return services;
    }
}
