namespace RedisAspire.Contracts;

/// <summary>The ingestion queue as <c>GET /ingestion</c> shows it.</summary>
/// <param name="Queue">What is waiting.</param>
/// <param name="Statistics">What the Workers have done.</param>
public sealed record IngestionResponse(IngestionQueueDepth Queue, IngestionStatistics Statistics);

/// <summary>What is waiting on the ingestion queue.</summary>
/// <param name="Length">Entries on the stream.</param>
/// <param name="Pending">Entries delivered to a Worker and not yet acknowledged.</param>
/// <param name="Lag">Entries no Worker has read yet.</param>
/// <param name="DeadLetters">Messages that failed for good.</param>
/// <param name="Consumers">Workers in the consumer group.</param>
public sealed record IngestionQueueDepth(long Length, long Pending, long Lag, long DeadLetters, int Consumers);

/// <summary>Progress of all Workers together.</summary>
/// <param name="Processed">Messages handled and acknowledged, ever.</param>
/// <param name="FailedDeliveries">Deliveries that failed, retried or not, ever.</param>
/// <param name="DeadLettered">Messages moved to the dead letters, ever.</param>
/// <param name="DocumentsPerSecond">Messages acknowledged per second over the last minute.</param>
/// <param name="LastError">The last failure of any message; null when none has failed.</param>
/// <param name="LastErrorAt">When it happened.</param>
/// <param name="ConsumersRemoved">Stopped Workers removed from the group, ever.</param>
public sealed record IngestionStatistics(
    long Processed,
    long FailedDeliveries,
    long DeadLettered,
    double DocumentsPerSecond,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    long ConsumersRemoved);

/// <summary>A message that failed for good.</summary>
/// <param name="Id">Its id among the dead letters (for paging and re-driving).</param>
/// <param name="OriginalId">Its id on the queue when it failed.</param>
/// <param name="OperationId">The operation it belonged to; null when the entry named none.</param>
/// <param name="Kind">upsert or delete as written in the entry; null when absent.</param>
/// <param name="DocumentId">The document's id as written in the entry; null when absent.</param>
/// <param name="Tenant">The document's tenant as written in the entry; null when absent.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Deliveries">How many times it had been delivered.</param>
/// <param name="DeadAt">When it was dead-lettered.</param>
/// <param name="Consumer">The Worker that dead-lettered it.</param>
public sealed record DeadLetter(
    string Id,
    string OriginalId,
    string? OperationId,
    string? Kind,
    string? DocumentId,
    string? Tenant,
    string Error,
    int Deliveries,
    DateTimeOffset DeadAt,
    string Consumer);

/// <summary>How many dead letters went back on the queue.</summary>
/// <param name="Redriven">Their count.</param>
public sealed record RedriveResponse(int Redriven);
