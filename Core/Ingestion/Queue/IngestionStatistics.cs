namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Progress of all consumers together, kept in Redis so that any replica can show it.</summary>
/// <param name="Processed">Messages handled and acknowledged, ever.</param>
/// <param name="FailedDeliveries">Deliveries that failed, retried or not, ever.</param>
/// <param name="DeadLettered">Messages moved to the dead-letter stream, ever.</param>
/// <param name="DocumentsPerSecond">Messages acknowledged per second over the last minute.</param>
/// <param name="LastError">The last failure of any message; null when none has failed.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="ConsumersRemoved">Stopped consumers removed from the group, ever (see <c>IdleConsumerTimeout</c>).</param>
public sealed record IngestionStatistics(
    long Processed,
    long FailedDeliveries,
    long DeadLettered,
    double DocumentsPerSecond,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long ConsumersRemoved);
