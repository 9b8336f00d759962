namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// The stream holds as many entries as <c>Ingestion:Queue:MaxLength</c> allows: the work is refused rather than
/// accepted and later trimmed away. Callers should retry later (the Api answers 503).
/// </summary>
public sealed class IngestionQueueFullException : InvalidOperationException
{
    public IngestionQueueFullException()
        : base("The ingestion queue is full (Ingestion:Queue:MaxLength); retry once the Workers have caught up.")
    {
    }

    public IngestionQueueFullException(string message)
        : base(message)
    {
    }

    public IngestionQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
