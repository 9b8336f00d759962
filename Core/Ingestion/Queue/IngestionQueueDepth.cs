namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>How much work the queue holds.</summary>
/// <param name="Length">Entries on the stream (XLEN): waiting or being handled, since handled ones are deleted.</param>
/// <param name="Pending">Entries delivered to a consumer and not yet acknowledged: being handled, or waiting for a retry.</param>
/// <param name="Lag">Entries no consumer has been given yet.</param>
/// <param name="DeadLetters">Entries in the dead-letter stream.</param>
/// <param name="Consumers">Consumers the group knows: stopped ones too, until they are removed (see <c>IdleConsumerTimeout</c>).</param>
public sealed record IngestionQueueDepth(long Length, long Pending, long Lag, long DeadLetters, int Consumers);
