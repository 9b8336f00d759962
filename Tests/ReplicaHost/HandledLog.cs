using System.Collections.Concurrent;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.ReplicaHost;

/// <summary>Hands batches to <paramref name="inner"/> and keeps, per message given, its document and its delivery count.</summary>
internal sealed class HandledLog(IIngestionHandler inner) : IIngestionHandler
{
    private readonly ConcurrentQueue<(string DocumentId, int Deliveries)> handled = new();

    public IReadOnlyList<(string DocumentId, int Deliveries)> Handled => [.. handled];

    public Task<IReadOnlyList<MessageOutcome>> HandleAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var message in messages)
        {
            handled.Enqueue((message.DocumentId, message.Deliveries));
        }

        return inner.HandleAsync(messages, cancellationToken);
    }
}
