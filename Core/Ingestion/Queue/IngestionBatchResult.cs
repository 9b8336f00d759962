namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>What one consumer step did.</summary>
/// <param name="Reclaimed">Entries taken over from idle deliveries (XAUTOCLAIM), this consumer's own failed ones included.</param>
/// <param name="Read">New entries read (XREADGROUP).</param>
/// <param name="Succeeded">Messages the handler completed (acknowledged, or already acknowledged by a consumer that reclaimed them).</param>
/// <param name="Retrying">Messages that failed and stay pending for a retry.</param>
/// <param name="DeadLettered">Entries moved to the dead-letter stream: failed for the last time, unreadable, or left by stopped consumers.</param>
internal sealed record IngestionBatchResult(int Reclaimed, int Read, int Succeeded, int Retrying, int DeadLettered)
{
    /// <summary>A step that found nothing to do.</summary>
    public static IngestionBatchResult Empty { get; } = new(0, 0, 0, 0, 0);

    /// <summary>Entries this step held: reclaimed and read.</summary>
    public int Received => Reclaimed + Read;
}
