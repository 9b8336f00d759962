using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>The ingestion queue's behaviour, run against every kind of shared Redis (one server, a cluster).</summary>
public abstract class IngestionQueueContract(ISharedRedis servers) : QueueOnSharedRedis(servers, TestQueues.NewOptions())
{
    private IDatabase Database => Redis.GetDatabase();

    [Fact]
    public async Task AnEnqueuedDocumentIsHandledAcknowledgedAndItsOperationCompleted()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        var document = TestQueues.Document("menu/risotto");

        var operationId = await queue.EnqueueUpsertAsync(document, CancellationToken.None);
        var queued = await queue.GetOperationAsync(operationId, CancellationToken.None);
        var result = await consumer.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal((OperationState.Queued, 1, 0, 0), (queued!.State, queued.Total, queued.Done, queued.Failed));
        Assert.Equal(new IngestionBatchResult(0, 1, 1, 0, 0), result);
        var seen = Assert.Single(handler.Seen);
        Assert.Equal((IngestionKind.Upsert, document, operationId, 1), (seen.Kind, seen.Document, seen.OperationId, seen.Deliveries));
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((OperationState.Completed, 1, 1, 0, null), (operation!.State, operation.Total, operation.Done, operation.Failed, operation.LastError));
        Assert.True(operation.UpdatedAt >= operation.CreatedAt);
        Assert.InRange(await Database.KeyTimeToLiveAsync(queue.Keys.Operation(operationId)) ?? TimeSpan.Zero, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        // Acknowledged and deleted: nothing pending, nothing left on the stream.
        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 0, 1), await queue.DepthAsync(CancellationToken.None));
        Assert.Equal(1, (await queue.StatisticsAsync(CancellationToken.None)).Processed);
    }

    [Fact]
    public async Task ADeleteIsHandledAsADeleteOfThatDocumentAndTenant()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();

        var operationId = await queue.EnqueueDeleteAsync("menu/risotto", "harbor-bistro", CancellationToken.None);
        await TestQueues.Consumer(Redis, QueueOptions, handler).ProcessOnceAsync(CancellationToken.None);

        var seen = Assert.Single(handler.Seen);
        Assert.Equal((IngestionKind.Delete, "menu/risotto", "harbor-bistro", null), (seen.Kind, seen.DocumentId, seen.Tenant, seen.Document));
        Assert.Equal(OperationState.Completed, (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task ABatchIsOneOperationWhoseDocumentsAreAllHandledAndCounted()
    {
        QueueOptions.BatchSize = 4;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        List<IngestionMessage> messages = [.. Enumerable.Range(0, 10).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}"))), IngestionMessage.Delete("old", "harbor-bistro")];

        var operationId = await queue.EnqueueBatchAsync(messages, CancellationToken.None);
        var first = await consumer.ProcessOnceAsync(CancellationToken.None);
        var running = await queue.GetOperationAsync(operationId, CancellationToken.None);
        await TestQueues.StepUntilAsync(consumer, async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed, "the batch completes");

        Assert.Equal(4, first.Read);
        Assert.Equal((OperationState.Running, 11, 4, 0), (running!.State, running.Total, running.Done, running.Failed));
        Assert.Equal([4, 4, 3], handler.BatchSizes);
        Assert.Equal(messages.Select(message => message.DocumentId), handler.Seen.Select(message => message.DocumentId));
        Assert.All(handler.Seen, message => Assert.Equal(operationId, message.OperationId));
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((11, 11, 0), (operation!.Total, operation.Done, operation.Failed));
    }

    [Fact]
    public async Task AConsumerNeverHoldsMoreThanMaxDocumentsInFlight()
    {
        QueueOptions.BatchSize = 64;
        QueueOptions.MaxDocumentsInFlight = 3;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);

        var operationId = await queue.EnqueueBatchAsync([.. Enumerable.Range(0, 8).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);
        await TestQueues.StepUntilAsync(consumer, async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed, "the batch completes");

        Assert.Equal(3, consumer.Capacity);
        Assert.Equal([3, 3, 2], handler.BatchSizes);
    }

    [Theory]
    [InlineData(IngestionLane.Interactive)]
    [InlineData(IngestionLane.Bulk)]
    public async Task EntriesOfAConsumerThatStoppedAreReclaimedAndItsLateAcknowledgementsCountNothing(IngestionLane lane)
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var release = new TaskCompletionSource();
        var stalled = new RecordingHandler { Gate = release.Task };
        var first = TestQueues.Consumer(Redis, QueueOptions, stalled, "first", settings => settings.ClaimIdle = TimeSpan.FromMinutes(10));
        var takeover = new RecordingHandler();
        var second = TestQueues.Consumer(Redis, QueueOptions, takeover, "second");
        IngestionMessage[] messages = [.. Enumerable.Range(0, 5).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))];
        var operationId = lane == IngestionLane.Bulk
            ? await queue.EnqueueBulkAsync(messages, CancellationToken.None)
            : await queue.EnqueueBatchAsync(messages, CancellationToken.None);

        var stuck = first.ProcessOnceAsync(CancellationToken.None);
        await stalled.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var results = await TestQueues.StepUntilAsync(second, async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed, "the second consumer completes the batch");
        release.SetResult();
        var late = await stuck.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, results.Sum(result => result.Reclaimed));
        Assert.Equal(0, results.Sum(result => result.Read));
        Assert.All(takeover.Seen, message => Assert.Equal(2, message.Deliveries));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"doc-{i}"), takeover.Seen.Select(message => message.DocumentId));
        // The first consumer's handler finished too (at least once), but its acknowledgements found nothing pending.
        Assert.Equal(5, late.Succeeded);
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((OperationState.Completed, 5, 5, 0), (operation!.State, operation.Total, operation.Done, operation.Failed));
        Assert.Equal(5, (await queue.StatisticsAsync(CancellationToken.None)).Processed);
        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 0, 2), await queue.DepthAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AFailureReportedAfterAnotherConsumerTookTheEntryOverIsLeftToThatConsumer()
    {
        QueueOptions.MaxDeliveries = 2;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var releaseFirst = new TaskCompletionSource();
        var slowAndFailing = new RecordingHandler { Gate = releaseFirst.Task, Fails = _ => "timed out" };
        var first = TestQueues.Consumer(Redis, QueueOptions, slowAndFailing, "first", settings => settings.ClaimIdle = TimeSpan.FromMinutes(10));
        var releaseSecond = new TaskCompletionSource();
        var takeover = new RecordingHandler { Gate = releaseSecond.Task };
        var second = TestQueues.Consumer(Redis, QueueOptions, takeover, "second");
        var operationId = await queue.EnqueueUpsertAsync(TestQueues.Document("contested"), CancellationToken.None);

        var firstStep = first.ProcessOnceAsync(CancellationToken.None);
        await slowAndFailing.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        Task<IngestionBatchResult>? secondStep = null;
        await Eventually.HoldsAsync(async () =>
        {
            var step = second.ProcessOnceAsync(CancellationToken.None);
            if (await Task.WhenAny(step, takeover.Entered) == step)
            {
                await step;
                return false;
            }

            secondStep = step;
            return true;
        }, TimeSpan.FromSeconds(10), "the second consumer takes the entry over");
        // The first consumer's failure comes while the second holds the entry, at its second (and last allowed) delivery.
        releaseFirst.SetResult();
        var late = await firstStep.WaitAsync(TimeSpan.FromSeconds(10));
        var meanwhile = await queue.GetOperationAsync(operationId, CancellationToken.None);
        releaseSecond.SetResult();
        var settled = await secondStep!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new IngestionBatchResult(0, 1, 0, 0, 0), late);
        Assert.Equal((OperationState.Running, null), (meanwhile!.State, meanwhile.LastError));
        Assert.Equal(new IngestionBatchResult(1, 0, 1, 0, 0), settled);
        Assert.Empty(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Equal(OperationState.Completed, (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task AMessageThatKeepsFailingIsDeadLetteredWithItsErrorWhileTheRestOfItsBatchCompletes()
    {
        QueueOptions.MaxDeliveries = 3;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler { Fails = message => message.DocumentId == "poison" ? "The embedding service refused the text (400)." : null };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        var operationId = await queue.EnqueueBatchAsync(
            [IngestionMessage.Upsert(TestQueues.Document("good-1")), IngestionMessage.Upsert(TestQueues.Document("poison")), IngestionMessage.Upsert(TestQueues.Document("good-2"))],
            CancellationToken.None);

        var first = await consumer.ProcessOnceAsync(CancellationToken.None);
        var afterFirst = await queue.GetOperationAsync(operationId, CancellationToken.None);
        await TestQueues.StepUntilAsync(consumer, async () => (await queue.DepthAsync(CancellationToken.None)).DeadLetters == 1, "the poison message is dead-lettered");

        Assert.Equal(new IngestionBatchResult(0, 3, 2, 1, 0), first);
        Assert.Equal((OperationState.Running, 2, 0, "The embedding service refused the text (400)."), (afterFirst!.State, afterFirst.Done, afterFirst.Failed, afterFirst.LastError));
        Assert.Equal(3, handler.TimesSeen("poison"));
        Assert.Equal([1, 2, 3], handler.Seen.Where(message => message.DocumentId == "poison").Select(message => message.Deliveries));
        Assert.Equal(1, handler.TimesSeen("good-1"));
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((OperationState.PartiallyFailed, 3, 2, 1), (operation!.State, operation.Total, operation.Done, operation.Failed));
        Assert.Equal("The embedding service refused the text (400).", operation.LastError);
        var dead = Assert.Single(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Equal(
            (operationId, "upsert", "poison", "harbor-bistro", "The embedding service refused the text (400).", 3, "first"),
            (dead.OperationId, dead.Kind, dead.DocumentId, dead.Tenant, dead.Error, dead.Deliveries, dead.Consumer));
        Assert.Matches("^[0-9]+-[0-9]+$", dead.OriginalId);
        Assert.InRange(dead.DeadAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 1, 1), await queue.DepthAsync(CancellationToken.None));
        var statistics = await queue.StatisticsAsync(CancellationToken.None);
        Assert.Equal((2, 3, 1, "The embedding service refused the text (400)."), (statistics.Processed, statistics.FailedDeliveries, statistics.DeadLettered, statistics.LastError));
        Assert.True(statistics.DocumentsPerSecond > 0);
    }

    [Fact]
    public async Task ARedrivenDeadLetterIsHandledAgainAndItsOperationCompletes()
    {
        QueueOptions.MaxDeliveries = 1;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var broken = true;
        var handler = new RecordingHandler { Fails = message => broken && message.DocumentId == "poison" ? "still broken" : null };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        var operationId = await queue.EnqueueBatchAsync([IngestionMessage.Upsert(TestQueues.Document("good")), IngestionMessage.Upsert(TestQueues.Document("poison"))], CancellationToken.None);
        await consumer.ProcessOnceAsync(CancellationToken.None);
        var dead = Assert.Single(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Equal(OperationState.PartiallyFailed, (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State);

        broken = false;
        var redriven = await queue.RedriveAsync(dead.Id, CancellationToken.None);
        var again = await queue.RedriveAsync(dead.Id, CancellationToken.None);
        var waiting = await queue.GetOperationAsync(operationId, CancellationToken.None);
        var depth = await queue.DepthAsync(CancellationToken.None);
        var result = await consumer.ProcessOnceAsync(CancellationToken.None);

        Assert.True(redriven);
        Assert.False(again);
        Assert.Equal((OperationState.Running, 1, 0), (waiting!.State, waiting.Done, waiting.Failed));
        Assert.Equal(new IngestionQueueDepth(1, 0, 1, 0, 1), depth);
        Assert.Equal(new IngestionBatchResult(0, 1, 1, 0, 0), result);
        Assert.Equal(TestQueues.Document("poison"), handler.Seen[^1].Document);
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((OperationState.Completed, 2, 2, 0), (operation!.State, operation.Total, operation.Done, operation.Failed));
        Assert.Empty(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
    }

    [Fact]
    public async Task RedriveAllPutsBackEveryDeadLetterThereWasAndPagesThroughThem()
    {
        QueueOptions.MaxDeliveries = 1;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler { Fails = _ => "down" };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        await queue.EnqueueBatchAsync([.. Enumerable.Range(0, 5).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);
        await consumer.ProcessOnceAsync(CancellationToken.None);

        var firstPage = await queue.ReadDeadLettersAsync(2, null, CancellationToken.None);
        var secondPage = await queue.ReadDeadLettersAsync(2, firstPage[^1].Id, CancellationToken.None);
        var redriven = await queue.RedriveAllAsync(CancellationToken.None);

        Assert.Equal(["doc-0", "doc-1", "doc-2", "doc-3"], firstPage.Concat(secondPage).Select(dead => dead.DocumentId));
        Assert.Equal(5, redriven);
        Assert.Equal(new IngestionQueueDepth(5, 0, 5, 0, 1), await queue.DepthAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnEntryThatIsNotAMessageGoesStraightToTheDeadLettersWithoutHoldingUpTheOthers()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        var before = await queue.EnqueueUpsertAsync(TestQueues.Document("before"), CancellationToken.None);
        var garbageId = await Database.StreamAddAsync(queue.Keys.Stream, [new NameValueEntry("garbage", "\u0001not a message")]);
        var badDocumentId = await Database.StreamAddAsync(queue.Keys.Stream,
        [
            new NameValueEntry("v", "1"), new NameValueEntry("op", before), new NameValueEntry("kind", "upsert"),
            new NameValueEntry("id", "broken"), new NameValueEntry("tenant", "harbor-bistro"), new NameValueEntry("doc", "{not json"),
        ]);
        var after = await queue.EnqueueUpsertAsync(TestQueues.Document("after"), CancellationToken.None);

        var result = await consumer.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal(new IngestionBatchResult(0, 4, 2, 0, 2), result);
        Assert.Equal(["before", "after"], handler.Seen.Select(message => message.DocumentId));
        Assert.Equal(OperationState.Completed, (await queue.GetOperationAsync(after, CancellationToken.None))!.State);
        var dead = await queue.ReadDeadLettersAsync(10, null, CancellationToken.None);
        Assert.Equal([garbageId.ToString(), badDocumentId.ToString()], dead.Select(letter => letter.OriginalId));
        Assert.All(dead, letter => Assert.Equal(1, letter.Deliveries));
        Assert.Contains("version 1", dead[0].Error, StringComparison.Ordinal);
        Assert.Null(dead[0].OperationId);
        Assert.Contains("not a JSON source document", dead[1].Error, StringComparison.Ordinal);
        Assert.Equal((before, "broken"), (dead[1].OperationId, dead[1].DocumentId));
        Assert.Equal(0, (await queue.DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task AMessageTheHandlerRejectsIsDeadLetteredAtItsFirstDeliveryWhileTheRestOfItsBatchCompletes()
    {
        QueueOptions.MaxDeliveries = 5;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler { Rejects = message => message.DocumentId == "poison" ? "PostgreSQL refused the document (22021): invalid byte sequence" : null };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        var operationId = await queue.EnqueueBatchAsync(
            [IngestionMessage.Upsert(TestQueues.Document("before")), IngestionMessage.Upsert(TestQueues.Document("poison")), IngestionMessage.Upsert(TestQueues.Document("after"))],
            CancellationToken.None);

        var result = await consumer.ProcessOnceAsync(CancellationToken.None);

        Assert.Equal(new IngestionBatchResult(0, 3, 2, 0, 1), result);
        var dead = Assert.Single(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Equal(("poison", operationId, 1, "first"), (dead.DocumentId, dead.OperationId, dead.Deliveries, dead.Consumer));
        Assert.StartsWith("PostgreSQL refused", dead.Error, StringComparison.Ordinal);
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((OperationState.PartiallyFailed, 3, 2, 1), (operation!.State, operation.Total, operation.Done, operation.Failed));
        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 1, 1), await queue.DepthAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AMessageWhoseConsumersKeepStoppingIsDeadLetteredWithoutBeingHandledAgain()
    {
        QueueOptions.MaxDeliveries = 1;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var release = new TaskCompletionSource();
        var stalled = new RecordingHandler { Gate = release.Task };
        var first = TestQueues.Consumer(Redis, QueueOptions, stalled, "first", settings => settings.ClaimIdle = TimeSpan.FromMinutes(10));
        var handler = new RecordingHandler();
        var second = TestQueues.Consumer(Redis, QueueOptions, handler, "second");
        var operationId = await queue.EnqueueUpsertAsync(TestQueues.Document("crashes-workers"), CancellationToken.None);

        var stuck = first.ProcessOnceAsync(CancellationToken.None);
        await stalled.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        await TestQueues.StepUntilAsync(second, async () => (await queue.DepthAsync(CancellationToken.None)).DeadLetters == 1, "the message is dead-lettered");
        release.SetResult();
        await stuck.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(handler.Seen);
        var dead = Assert.Single(await queue.ReadDeadLettersAsync(10, null, CancellationToken.None));
        Assert.Equal((2, "second"), (dead.Deliveries, dead.Consumer));
        Assert.Contains("without an outcome", dead.Error, StringComparison.Ordinal);
        Assert.Equal(OperationState.Failed, (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task AnEnqueueThatWouldPassMaxLengthIsRefusedSoTheStreamStaysCappedAndNothingAcceptedIsTrimmed()
    {
        QueueOptions.MaxLength = 10;
        QueueOptions.MaxBatchDocuments = 10;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler, configure: settings => settings.BatchSize = 4);
        var accepted = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            accepted.Add(await queue.EnqueueUpsertAsync(TestQueues.Document($"doc-{i}"), CancellationToken.None));
        }

        var tooMany = await Assert.ThrowsAsync<IngestionQueueFullException>(() =>
            queue.EnqueueBatchAsync([.. Enumerable.Range(8, 3).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None));
        accepted.Add(await queue.EnqueueUpsertAsync(TestQueues.Document("doc-8"), CancellationToken.None));
        accepted.Add(await queue.EnqueueUpsertAsync(TestQueues.Document("doc-9"), CancellationToken.None));
        await Assert.ThrowsAsync<IngestionQueueFullException>(() => queue.EnqueueUpsertAsync(TestQueues.Document("doc-10"), CancellationToken.None));
        var full = await Database.StreamLengthAsync(queue.Keys.Stream);
        await consumer.ProcessOnceAsync(CancellationToken.None);
        accepted.Add(await queue.EnqueueUpsertAsync(TestQueues.Document("doc-10"), CancellationToken.None));
        await TestQueues.StepUntilAsync(consumer, async () => (await queue.DepthAsync(CancellationToken.None)).Length == 0, "the queue drains");

        Assert.Contains("Ingestion:Queue:MaxLength", tooMany.Message, StringComparison.Ordinal);
        Assert.Equal(10, full);
        Assert.Equal(Enumerable.Range(0, 11).Select(i => $"doc-{i}"), handler.Seen.Select(message => message.DocumentId));
        foreach (var operationId in accepted)
        {
            Assert.Equal(OperationState.Completed, (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State);
        }
    }

    [Fact]
    public async Task DepthCountsEntriesWaitingBeingHandledAndDeadLettered()
    {
        QueueOptions.BatchSize = 2;
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var release = new TaskCompletionSource();
        var handler = new RecordingHandler { Gate = release.Task };
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler, configure: settings => settings.ClaimIdle = TimeSpan.FromMinutes(10));
        var empty = await queue.DepthAsync(CancellationToken.None);
        await queue.EnqueueBatchAsync([.. Enumerable.Range(0, 5).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);
        var beforeAnyConsumer = await queue.DepthAsync(CancellationToken.None);

        var step = consumer.ProcessOnceAsync(CancellationToken.None);
        await handler.Entered.WaitAsync(TimeSpan.FromSeconds(10));
        var whileHandling = await queue.DepthAsync(CancellationToken.None);
        release.SetResult();
        await step.WaitAsync(TimeSpan.FromSeconds(10));
        var afterOneBatch = await queue.DepthAsync(CancellationToken.None);

        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 0, 0), empty);
        Assert.Equal(new IngestionQueueDepth(5, 0, 5, 0, 0), beforeAnyConsumer);
        Assert.Equal(new IngestionQueueDepth(5, 2, 3, 0, 1), whileHandling);
        Assert.Equal(new IngestionQueueDepth(3, 0, 3, 0, 1), afterOneBatch);
    }

    [Fact]
    public async Task ARunningConsumerIsWokenByAnEnqueueAndStopsWhenCancelled()
    {
        // Without the wake-up an idle consumer would read again only after a minute.
        QueueOptions.IdleWait = TimeSpan.FromMinutes(1);
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var handler = new RecordingHandler();
        var consumer = TestQueues.Consumer(Redis, QueueOptions, handler);
        using var stop = new CancellationTokenSource();
        var running = consumer.RunAsync(stop.Token);
        await Eventually.HoldsAsync(async () => (await queue.DepthAsync(CancellationToken.None)).Consumers == 1, TimeSpan.FromSeconds(10), "the consumer has read once and is idle");

        var operationId = await queue.EnqueueUpsertAsync(TestQueues.Document("late"), CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed,
            TimeSpan.FromSeconds(10), "the running consumer handles the new document");
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("late", Assert.Single(handler.Seen).DocumentId);
    }

    [Fact]
    public async Task BadInputIsRefusedWithAnArgumentExceptionNamingTheField()
    {
        QueueOptions.MaxBatchDocuments = 3;
        QueueOptions.MaxEntryBytes = 4096;
        var queue = TestQueues.Queue(Redis, QueueOptions);

        var nullDocument = await Assert.ThrowsAnyAsync<ArgumentException>(() => queue.EnqueueUpsertAsync(null!, CancellationToken.None));
        var blankBody = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueUpsertAsync(TestQueues.Document("a") with { Body = " " }, CancellationToken.None));
        var badMetadata = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueUpsertAsync(TestQueues.Document("a") with { Metadata = "[1]" }, CancellationToken.None));
        var badId = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueDeleteAsync("has space", "harbor-bistro", CancellationToken.None));
        var badTenant = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueDeleteAsync("a", " ", CancellationToken.None));
        var tooLarge = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueUpsertAsync(TestQueues.Document("a") with { Body = new string('x', 5000) }, CancellationToken.None));
        var tooMany = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueBatchAsync([.. Enumerable.Range(0, 4).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None));
        var empty = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueBatchAsync([], CancellationToken.None));
        var secondBad = await Assert.ThrowsAsync<ArgumentException>(() => queue.EnqueueBatchAsync(
            [IngestionMessage.Upsert(TestQueues.Document("a")), IngestionMessage.Upsert(TestQueues.Document("b") with { Tenant = "" })], CancellationToken.None));

        Assert.Equal(
            new[] { "document", "body", "metadata", "id", "tenant", "document", "messages", "messages", "messages[1].tenant" },
            new[] { nullDocument.ParamName, blankBody.ParamName, badMetadata.ParamName, badId.ParamName, badTenant.ParamName, tooLarge.ParamName, tooMany.ParamName, empty.ParamName, secondBad.ParamName });
        Assert.Contains("Ingestion:Queue:MaxBatchDocuments", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("Ingestion:Queue:MaxEntryBytes", tooLarge.Message, StringComparison.Ordinal);
        Assert.Equal("operationId", (await Assert.ThrowsAsync<ArgumentException>(() => queue.GetOperationAsync("../etc", CancellationToken.None))).ParamName);
        // Nothing reached Redis: no operation, no stream.
        Assert.Equal(new IngestionQueueDepth(0, 0, 0, 0, 0), await queue.DepthAsync(CancellationToken.None));
    }
}
