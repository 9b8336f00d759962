namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Where an enqueued operation stands.</summary>
public enum OperationState
{
    /// <summary>On the stream; no consumer has picked up any of its messages yet.</summary>
    Queued,

    /// <summary>Some messages are being handled, or waiting for a retry.</summary>
    Running,

    /// <summary>Every message succeeded.</summary>
    Completed,

    /// <summary>Every message failed for good (they are in the dead-letter stream).</summary>
    Failed,

    /// <summary>Every message is settled, some succeeded and some failed for good.</summary>
    PartiallyFailed,
}
