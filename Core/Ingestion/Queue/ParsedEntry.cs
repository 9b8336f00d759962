namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>An entry read back: the message, or why it is not one (with its operation when it names one).</summary>
internal readonly record struct ParsedEntry(IngestionMessage? Message, string? OperationId, string? Error)
{
    public static ParsedEntry Malformed(string? operationId, string error) => new(null, operationId, error);
}
