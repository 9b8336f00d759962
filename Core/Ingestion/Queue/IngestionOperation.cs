namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>An operation's status, as every replica sees it.</summary>
/// <param name="Id">The operation id the enqueue returned.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Total">How many messages it carries.</param>
/// <param name="Done">How many succeeded.</param>
/// <param name="Failed">How many failed for good (dead-lettered).</param>
/// <param name="CreatedAt">When it was enqueued.</param>
/// <param name="UpdatedAt">When its status last changed.</param>
/// <param name="LastError">The last failure of any of its messages, retried or not; null when none failed.</param>
/// <param name="Tenants">The tenants whose documents its messages write or remove.</param>
public sealed record IngestionOperation(
    string Id,
    OperationState State,
    int Total,
    int Done,
    int Failed,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? LastError,
    IReadOnlyList<string> Tenants);
