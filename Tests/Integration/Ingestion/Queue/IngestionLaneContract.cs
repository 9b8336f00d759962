using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>Interactive writes go ahead of imports; crash recovery and dead letters work alike on both lanes.</summary>
public abstract class IngestionLaneContract(ISharedRedis servers) : QueueOnSharedRedis(servers, TestQueues.NewOptions(settings => settings.BatchSize = 64))
{
    private const int ImportSize = 2_000;

    [Fact]
    public async Task AnInteractiveWriteQueuedBehindALargeImportCompletesWhileTheImportIsStillQueued()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var release = new TaskCompletionSource();
        var handler = new RecordingHandler { Gate = release.Task };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler, configure: settings => settings.ClaimIdle = TimeSpan.FromMinutes(10));
        var imports = new List<string>();
        foreach (var slice in Enumerable.Range(0, ImportSize).Chunk(QueueOptions.MaxBatchDocuments))
        {
            imports.Add(await queue.EnqueueBulkAsync([.. slice.Select(i => IngestionMessage.Upsert(TestQueues.Document($"imported-{i}")))], CancellationToken.None));
        }

        // The consumer is busy with the import's first batch when the edit arrives.
        var firstStep = consumer.ProcessOnceAsync(CancellationToken.None);
        await handler.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var edit = await queue.EnqueueUpsertAsync(TestQueues.Document("edited-by-hand"), CancellationToken.None);
        release.SetResult();
        await firstStep.WaitAsync(TimeSpan.FromSeconds(10));
        var secondStep = await consumer.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal([64, 1], handler.BatchSizes);
        Assert.Equal("edited-by-hand", handler.Seen[^1].DocumentId);
        Assert.Equal(new IngestionBatchResult(0, 1, 1, 0, 0), secondStep);
        Assert.Equal(OperationState.Completed, (await queue.GetOperationAsync(edit, CancellationToken.None))!.State);
        Assert.Equal(ImportSize - 64, await Redis.GetDatabase().StreamLengthAsync(queue.Keys.BulkStream));
        Assert.Equal(0, await Redis.GetDatabase().StreamLengthAsync(queue.Keys.Stream));
        Assert.All(await Task.WhenAll(imports.Select(id => queue.GetOperationAsync(id, CancellationToken.None))), operation => Assert.NotEqual(OperationState.Completed, operation!.State));
    }

    [Fact]
    public async Task ARunningConsumerDrainsTheInteractiveLaneBeforeTakingMoreOfAnImport()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        await queue.EnqueueBulkAsync([.. Enumerable.Range(0, QueueOptions.MaxBatchDocuments).Select(i => IngestionMessage.Upsert(TestQueues.Document($"imported-{i}")))], CancellationToken.None);
        var edits = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            edits.Add(await queue.EnqueueUpsertAsync(TestQueues.Document($"edit-{i}"), CancellationToken.None));
        }

        using var stop = new CancellationTokenSource();
        var running = consumer.RunAsync(stop.Token);
        await Eventually.HoldsAsync(
            async () => (await Task.WhenAll(edits.Select(id => queue.GetOperationAsync(id, CancellationToken.None)))).All(operation => operation!.State == OperationState.Completed),
            TimeSpan.FromSeconds(30), "the edits complete");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        // Queued after the import, handled before any of it.
        Assert.Equal(["edit-0", "edit-1", "edit-2"], handler.Seen.Take(3).Select(message => message.DocumentId));
        Assert.Equal(3, handler.BatchSizes[0]);
    }

    [Theory]
    [InlineData(16, "Stream")]
    [InlineData(17, "BulkStream")]
    public async Task ABatchGoesOnTheInteractiveLaneUpToInteractiveMaxDocumentsAndOnTheBulkLaneAbove(int size, string lane)
    {
        QueueOptions.InteractiveMaxDocuments = 16;
        var queue = TestQueues.Queue(Redis, QueueOptions);

        await queue.EnqueueBatchAsync([.. Enumerable.Range(0, size).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);

        var database = Redis.GetDatabase();
        var (interactive, bulk) = (await database.StreamLengthAsync(queue.Keys.Stream), await database.StreamLengthAsync(queue.Keys.BulkStream));
        Assert.Equal(lane == "Stream" ? (size, 0L) : (0L, size), (interactive, bulk));
        Assert.Equal(size, (await queue.DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task AFullBulkLaneRefusesImportsButNotInteractiveWrites()
    {
        QueueOptions.MaxLength = 10;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        await queue.EnqueueBulkAsync([.. Enumerable.Range(0, 10).Select(i => IngestionMessage.Upsert(TestQueues.Document($"imported-{i}")))], CancellationToken.None);

        await Assert.ThrowsAsync<IngestionQueueFullException>(() => queue.EnqueueBulkAsync([IngestionMessage.Upsert(TestQueues.Document("one-more"))], CancellationToken.None));
        var edit = await queue.EnqueueUpsertAsync(TestQueues.Document("edited-by-hand"), CancellationToken.None);

        Assert.Equal(OperationState.Queued, (await queue.GetOperationAsync(edit, CancellationToken.None))!.State);
        Assert.Equal(11, (await queue.DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task AnImportedMessageThatKeepsFailingIsDeadLetteredAndARedrivePutsItBackOnTheBulkLane()
    {
        QueueOptions.MaxDeliveries = 2;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var broken = true;
        var handler = new RecordingHandler { Fails = message => broken && message.DocumentId == "poison" ? "still broken" : null };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        var operationId = await queue.EnqueueBulkAsync([IngestionMessage.Upsert(TestQueues.Document("good")), IngestionMessage.Upsert(TestQueues.Document("poison"))], CancellationToken.None);

        await TestQueues.StepUntilAsync(consumer, async () => (await queue.DepthAsync(CancellationToken.None)).DeadLetters == 1, "the poison message is dead-lettered");
        var dead = Assert.Single(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        broken = false;
        var redriven = await queue.RedriveAsync(dead.Id, CancellationToken.None);
        var waiting = await Redis.GetDatabase().StreamLengthAsync(queue.Keys.BulkStream);
        await TestQueues.StepUntilAsync(consumer, async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed, "the re-driven message completes");

        Assert.Equal(("poison", operationId, 2, "still broken"), (dead.DocumentId, dead.OperationId, dead.Deliveries, dead.Error));
        Assert.True(redriven);
        Assert.Equal(1, waiting);
        Assert.Equal([1, 2, 1], handler.Seen.Where(message => message.DocumentId == "poison").Select(message => message.Deliveries));
        Assert.Empty(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 0, 1), await queue.DepthAsync(CancellationToken.None));
    }
}
