using RedisAspire.Contracts;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>The ingestion queue's and folder import's types as the Api's contracts.</summary>
internal static class IngestionContracts
{
    public static OperationResponse ToContract(this Core.Ingestion.Queue.IngestionOperation operation) => new(
        operation.Id, ContractEnum.To<OperationState>(operation.State), operation.Total, operation.Done, operation.Failed,
        operation.CreatedAt, operation.UpdatedAt, operation.LastError, operation.Tenants);

    public static IngestionResponse ToContract(this Core.Ingestion.Queue.IngestionQueueDepth depth, Core.Ingestion.Queue.IngestionStatistics statistics) => new(
        new IngestionQueueDepth(depth.Length, depth.Pending, depth.Lag, depth.DeadLetters, depth.Consumers),
        new IngestionStatistics(
            statistics.Processed, statistics.FailedDeliveries, statistics.DeadLettered, statistics.DocumentsPerSecond,
            statistics.LastError, statistics.LastErrorAt, statistics.ConsumersRemoved));

    public static DeadLetter ToContract(this Core.Ingestion.Queue.DeadLetter letter) => new(
        letter.Id, letter.OriginalId, letter.OperationId, letter.Kind, letter.DocumentId, letter.Tenant, letter.Error,
        letter.Deliveries, letter.DeadAt, letter.Consumer);

    public static FolderImportResponse ToContract(this Core.Ingestion.FolderImportResult result) => new(
        result.Operations, result.Documents, result.Skipped,
        [.. result.Errors.Select(error => new FolderImportError(error.File, error.Line, error.Field, error.Message))],
        result.MoreErrors);
}
