using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.ReplicaHost;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>Stopped consumers leave the group once they hold nothing and have been idle long enough; live and busy ones stay.</summary>
public abstract class ConsumerRemovalContract(ISharedRedis servers) : QueueOnSharedRedis(servers, TestQueues.NewOptions(settings => settings.IdleConsumerTimeout = TimeSpan.FromMilliseconds(500)))
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AKilledWorkerIsRemovedFromTheGroupByARunningConsumerOnceItsEntriesAreReclaimed()
    {
        QueueOptions.ConsumerName = "doomed";
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var operationId = await queue.EnqueueBatchAsync(
            [.. Enumerable.Range(0, 4).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);
        await using (var worker = await ReplicaProcess.StartAsync(RedisConnectionString, QueueOptions.KeyPrefix))
        {
            await worker.RequestAsync(new ReplicaRequest(Guid.NewGuid().ToString("N"), "consume-and-hang", string.Empty, Queue: QueueOptions));
            await worker.KillAsync();
        }

        var held = await ConsumersAsync(queue);
        var survivor = TestQueues.Consumer(Redis, QueueOptions, new RecordingHandler(), "survivor");
        using var stop = new CancellationTokenSource();
        var running = survivor.RunAsync(stop.Token);
        await Eventually.HoldsAsync(
            async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed
                && (await ConsumersAsync(queue)).Keys.SequenceEqual(["survivor"]),
            Deadline, "the survivor completes the killed Worker's batch and removes it from the group");
        await stop.CancelAsync();
        await running.WaitAsync(Deadline);

        Assert.Equal(4, held["doomed"]);
        Assert.Equal(1, (await queue.DepthAsync(CancellationToken.None)).Consumers);
        Assert.Equal(1, (await queue.StatisticsAsync(CancellationToken.None)).ConsumersRemoved);
    }

    [Fact]
    public async Task AnIdleConsumerThatStillHoldsEntriesIsKeptAndSoAreTheirDeliveries()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        await queue.EnqueueBatchAsync([.. Enumerable.Range(0, 3).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);
        var release = new TaskCompletionSource();
        var stalled = new RecordingHandler { Gate = release.Task };
        var holder = TestQueues.Consumer(Redis, QueueOptions, stalled, "holder");
        var remover = TestQueues.Consumer(Redis, QueueOptions, new RecordingHandler(), "remover");
        var step = holder.ProcessOnceAsync(CancellationToken.None);
        await stalled.Entered.WaitAsync(Deadline);
        await Eventually.HoldsAsync(async () => await IdleAsync(queue, "holder") > QueueOptions.IdleConsumerTimeout, Deadline, "the holder has been idle for longer than the timeout");

        var removed = await remover.RemoveIdleConsumersAsync(CancellationToken.None);
        var afterwards = await ConsumersAsync(queue);
        release.SetResult();
        await step.WaitAsync(Deadline);

        Assert.Empty(removed);
        Assert.Equal(3, afterwards["holder"]);
        Assert.Equal(0, (await queue.StatisticsAsync(CancellationToken.None)).ConsumersRemoved);
    }

    [Fact]
    public async Task AConsumerNeverRemovesItselfButRemovesAnotherIdleOneOnlyPastTheTimeout()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var first = TestQueues.Consumer(Redis, QueueOptions, new RecordingHandler(), "first");
        var second = TestQueues.Consumer(Redis, QueueOptions, new RecordingHandler(), "second");
        var patient = TestQueues.Consumer(Redis, QueueOptions, new RecordingHandler(), "patient", settings => settings.IdleConsumerTimeout = TimeSpan.FromDays(1));
        await first.ProcessOnceAsync(CancellationToken.None);
        await second.ProcessOnceAsync(CancellationToken.None);
        await Eventually.HoldsAsync(
            async () => await IdleAsync(queue, "first") > QueueOptions.IdleConsumerTimeout && await IdleAsync(queue, "second") > QueueOptions.IdleConsumerTimeout,
            Deadline, "both consumers have been idle for longer than the timeout");

        var byPatient = await patient.RemoveIdleConsumersAsync(CancellationToken.None);
        var bySecond = await second.RemoveIdleConsumersAsync(CancellationToken.None);

        Assert.Empty(byPatient);
        Assert.Equal(["first"], bySecond);
        Assert.Equal(["second"], (await ConsumersAsync(queue)).Keys);
    }

    /// <summary>The group's consumers by name, each with its pending count (XINFO CONSUMERS).</summary>
    private async Task<SortedDictionary<string, int>> ConsumersAsync(IngestionQueue queue) =>
        new((await Redis.GetDatabase().StreamConsumerInfoAsync(queue.Keys.Stream, QueueOptions.Group))
            .ToDictionary(consumer => consumer.Name.ToString(), consumer => consumer.PendingMessageCount), StringComparer.Ordinal);

    private async Task<TimeSpan> IdleAsync(IngestionQueue queue, string consumer) =>
        TimeSpan.FromMilliseconds((await Redis.GetDatabase().StreamConsumerInfoAsync(queue.Keys.Stream, QueueOptions.Group))
            .Single(info => info.Name == consumer).IdleTimeInMilliseconds);
}
