namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>Does the work of queued messages (the Worker's side: chunk, embed, write the tiers).</summary>
/// <remarks>
/// Delivery is at least once: a message may come again after a crash, a timeout or a reclaim, so handling must be
/// idempotent (an upsert replaces by id, a delete of a missing document succeeds).
/// </remarks>
internal interface IIngestionHandler
{
    /// <summary>
    /// Handles a batch and returns one outcome per message, in the same order: a failure is retried, a rejection
    /// (<see cref="MessageOutcome.Rejected"/>) dead-lettered at once. An exception fails the whole batch (each message
    /// then counts a failed delivery), except a cancellation, which leaves the batch to be redelivered.
    /// </summary>
    Task<IReadOnlyList<MessageOutcome>> HandleAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken);
}
