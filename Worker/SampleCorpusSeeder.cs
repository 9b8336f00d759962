using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using StackExchange.Redis;

namespace RedisAspire.Worker;

/// <summary>
/// On a first start (no document in PostgreSQL), queues the sample corpus so search and the dashboard have something
/// to show; <c>Ingestion:SeedSampleCorpus</c> = false turns it off.
/// </summary>
internal sealed partial class SampleCorpusSeeder(
    IConfiguration configuration,
    IServiceProvider services,
    IngestionQueue queue,
    ILogger<SampleCorpusSeeder> logger) : BackgroundService
{
    /// <summary>The setting that turns seeding off.</summary>
    public const string SettingName = "Ingestion:SeedSampleCorpus";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue(SettingName, defaultValue: true))
        {
            return;
        }

        try
        {
            // Replicas starting together would each queue it (harmless, the pipeline is idempotent, but wasted work):
            // the first to set the marker does it.
            if (await services.GetRequiredService<EmbeddingSpaces>().Live.HoldsDocumentsAsync(stoppingToken)
                || !await queue.ClaimSampleCorpusAsync(stoppingToken))
            {
                return;
            }

            var documents = SampleCorpus.Load();
            var operation = await queue.EnqueueBulkAsync([.. documents.Select(IngestionMessage.Upsert)], stoppingToken);
            LogSeeded(documents.Count, operation);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The sample corpus is a convenience: the Worker goes on without it.
            LogSeedFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL held no document: queued the {Count} documents of the sample corpus as operation {Operation}.")]
    private partial void LogSeeded(int count, string operation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The sample corpus could not be queued.")]
    private partial void LogSeedFailed(Exception exception);
}
