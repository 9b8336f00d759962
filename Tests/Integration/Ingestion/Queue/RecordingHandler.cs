using System.Collections.Concurrent;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>A handler that records what it is given, fails the messages <see cref="Fails"/> picks, rejects those <see cref="Rejects"/> picks, and can be held at a gate.</summary>
internal sealed class RecordingHandler : IIngestionHandler
{
    private readonly ConcurrentQueue<IngestionMessage> seen = new();
    private readonly ConcurrentQueue<int> batchSizes = new();
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The error for a message, or null to succeed.</summary>
    public Func<IngestionMessage, string?> Fails { get; set; } = _ => null;

    /// <summary>The error for a message that can never succeed, or null to leave it to <see cref="Fails"/>.</summary>
    public Func<IngestionMessage, string?> Rejects { get; set; } = _ => null;

    /// <summary>When set, every batch waits for it before returning its outcomes.</summary>
    public Task? Gate { get; set; }

    public IReadOnlyList<IngestionMessage> Seen => [.. seen];

    public IReadOnlyList<int> BatchSizes => [.. batchSizes];

    /// <summary>Completes when the first batch has arrived.</summary>
    public Task Entered => entered.Task;

    public int TimesSeen(string documentId) => seen.Count(message => message.DocumentId == documentId);

    public async Task<IReadOnlyList<MessageOutcome>> HandleAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
    {
        batchSizes.Enqueue(messages.Count);
        foreach (var message in messages)
        {
            seen.Enqueue(message);
        }

        entered.TrySetResult();
        if (Gate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        return [.. messages.Select(message =>
            Rejects(message) is { } rejection ? MessageOutcome.Rejected(rejection)
            : Fails(message) is { } error ? MessageOutcome.Failure(error)
            : MessageOutcome.Success)];
    }
}
