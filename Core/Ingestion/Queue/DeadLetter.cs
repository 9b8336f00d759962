namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>A message that failed for good, as the dead-letter stream keeps it.</summary>
/// <param name="Id">Its id in the dead-letter stream (for paging and re-driving).</param>
/// <param name="OriginalId">Its id in the work stream when it failed.</param>
/// <param name="OperationId">The operation it belonged to; null when the entry named none.</param>
/// <param name="Kind">upsert or delete as written in the entry; null when absent.</param>
/// <param name="DocumentId">The document's id as written in the entry; null when absent.</param>
/// <param name="Tenant">The document's tenant as written in the entry; null when absent.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Deliveries">How many times it had been delivered.</param>
/// <param name="DeadAt">When it was dead-lettered.</param>
/// <param name="Consumer">The consumer that dead-lettered it.</param>
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
