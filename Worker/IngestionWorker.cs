using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Worker;

/// <summary>Handles the ingestion queue until the Worker stops: documents written and removed through the Api.</summary>
/// <remarks>
/// The consumer is resolved when the work starts, not when the host builds its hosted services: its pipeline needs
/// the hot index, which the vector hot tier's own hosted service creates at start.
/// </remarks>
internal sealed class IngestionWorker(IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        services.GetRequiredService<IngestionConsumer>().RunAsync(stoppingToken);
}
