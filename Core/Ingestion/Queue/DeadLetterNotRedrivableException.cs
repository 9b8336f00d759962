namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>
/// A dead letter holds none of its original entry's fields (it was written to the dead-letter stream by hand, or its
/// fields were removed), so there is no message to put back. It stays for a person to read and delete.
/// </summary>
public sealed class DeadLetterNotRedrivableException : InvalidOperationException
{
    public DeadLetterNotRedrivableException(string deadLetterId)
        : base($"Dead letter {deadLetterId} holds no field of the original entry, so there is no message to re-drive.")
    {
        DeadLetterId = deadLetterId;
    }

    /// <summary>The dead letter that cannot be re-driven.</summary>
    public string DeadLetterId { get; }
}
