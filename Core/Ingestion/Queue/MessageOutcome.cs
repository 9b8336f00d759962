namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>What became of one message given to an <see cref="IIngestionHandler"/>.</summary>
internal readonly record struct MessageOutcome
{
    private MessageOutcome(string? error, bool final)
    {
        Error = error;
        Final = final;
    }

    /// <summary>The message was handled; it is acknowledged and counted done.</summary>
    public static MessageOutcome Success { get; } = new(null, final: false);

    /// <summary>Why the message failed; null when it succeeded.</summary>
    public string? Error { get; }

    /// <summary>Whether the failure would come again at every delivery, so the message is dead-lettered at once.</summary>
    public bool Final { get; }

    /// <summary>Whether the message was handled.</summary>
    public bool Succeeded => Error is null;

    /// <summary>The message failed: it is retried until it has been delivered <c>MaxDeliveries</c> times, then dead-lettered with <paramref name="error"/>.</summary>
    public static MessageOutcome Failure(string error) => new(Reason(error), final: false);

    /// <summary>
    /// The message can never succeed as it stands (the same input fails the same way, whichever consumer and however
    /// often): it is dead-lettered with <paramref name="error"/> at once instead of being retried.
    /// </summary>
    public static MessageOutcome Rejected(string error) => new(Reason(error), final: true);

    private static string Reason(string error) =>
        string.IsNullOrWhiteSpace(error) ? "The handler reported a failure without a reason." : error;
}
