using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.ReplicaHost;

public sealed partial class Replica
{
    /// <summary>
    /// Runs an ingestion consumer whose handler never finishes: it replies with the batch it was given, then holds it
    /// (delivered, unacknowledged) until the test kills this process.
    /// </summary>
    private async Task ConsumeAndHangAsync(ReplicaRequest request)
    {
        var queue = new IngestionQueue(redis, Options.Create(request.Queue!), new IngestionQueueTelemetry(), TimeProvider.System);
        var consumer = new IngestionConsumer(redis, new SharedConnectionSubscriptions(redis), queue, new HangingHandler(this, request), TimeProvider.System, NullLogger<IngestionConsumer>.Instance);
        await consumer.RunAsync(CancellationToken.None);
    }

    private sealed class HangingHandler(Replica replica, ReplicaRequest request) : IIngestionHandler
    {
        public async Task<IReadOnlyList<MessageOutcome>> HandleAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
        {
            await replica.ReplyAsync(request, new { handling = messages.Select(message => message.DocumentId).ToArray() });
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        }
    }
}
