namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>What became of one message given to an <see cref="IIngestionHandler"/>.</summary>
public readonly record struct MessageOutcome
{
    private MessageOutcome(string? error) => Error = error;

    /// <summary>The message was handled; it is acknowledged and counted done.</summary>
    public static MessageOutcome Success { get; } = new(null);

    /// <summary>Why the message failed; null when it succeeded.</summary>
    public string? Error { get; }

    /// <summary>Whether the message was handled.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The message failed: it is retried until it has been delivered <c>MaxDeliveries</c> times, then dead-lettered with <paramref name="error"/>.</summary>
    public static MessageOutcome Failure(string error) =>
        new(string.IsNullOrWhiteSpace(error) ? "The handler reported a failure without a reason." : error);
}
