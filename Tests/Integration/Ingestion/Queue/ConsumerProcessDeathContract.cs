using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.ReplicaHost;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>A Worker process killed in the middle of a batch: the claim that a crashed Worker loses nothing, proved with a real OS process.</summary>
public abstract class ConsumerProcessDeathContract(ISharedRedis servers) : IAsyncLifetime
{
    private const int Documents = 6;

    private readonly IngestionQueueOptions options = TestQueues.NewOptions(settings =>
    {
        settings.ConsumerName = "doomed";
        settings.BatchSize = 10;
        settings.ClaimIdle = TimeSpan.FromMilliseconds(300);
    });

    private ConnectionMultiplexer redis = null!;
    private ReplicaProcess worker = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        worker = await ReplicaProcess.StartAsync(servers.RedisConnectionString, options.KeyPrefix);
    }

    public async Task DisposeAsync()
    {
        await worker.DisposeAsync();
        await TestQueues.DeleteKeysAsync(redis, options);
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task AWorkerKilledMidBatchLosesNothingAndEachDocumentIsCompletedOnceAfterwards()
    {
        var queue = TestQueues.Queue(redis, options);
        var operationId = await queue.EnqueueBatchAsync(
            [.. Enumerable.Range(0, Documents).Select(i => IngestionMessage.Upsert(TestQueues.Document($"doc-{i}")))], CancellationToken.None);
        var handling = await worker.RequestAsync(new ReplicaRequest(Guid.NewGuid().ToString("N"), "consume-and-hang", string.Empty, Queue: options));
        var heldByWorker = await redis.GetDatabase().StreamPendingAsync(queue.Keys.Stream, options.Group);

        await worker.KillAsync();
        var survivorHandler = new SurvivorHandler(redis, options.KeyPrefix);
        var survivor = TestQueues.Consumer(redis, options, survivorHandler, "survivor");
        var results = await TestQueues.StepUntilAsync(
            survivor,
            async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed,
            "the survivor completes the killed worker's batch");
        // A few more steps: nothing may come back once the operation is complete.
        for (var i = 0; i < 3; i++)
        {
            results.Add(await survivor.ProcessOnceAsync(CancellationToken.None));
        }

        Assert.Equal(Documents, handling.GetProperty("handling").GetArrayLength());
        Assert.Equal((Documents, "doomed"), (heldByWorker.PendingMessageCount, Assert.Single(heldByWorker.Consumers).Name.ToString()));
        Assert.Equal(Documents, results.Sum(result => result.Reclaimed));
        Assert.Equal(Documents, await survivorHandler.HandledAsync());
        Assert.Equal(Enumerable.Range(0, Documents).Select(i => $"doc-{i}"), (await survivorHandler.DistinctAsync()).Order(StringComparer.Ordinal));
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((Documents, Documents, 0), (operation!.Total, operation.Done, operation.Failed));
        var depth = await queue.DepthAsync(CancellationToken.None);
        Assert.Equal((0L, 0L, 0L), (depth.Length, depth.Pending, depth.Lag));
    }

    /// <summary>Counts its successful handlings in Redis: the record of what was done survives any process.</summary>
    private sealed class SurvivorHandler(IConnectionMultiplexer redis, string prefix) : IIngestionHandler
    {
        private readonly RedisKey counter = $"{{{prefix}}}:test:handled";
        private readonly RedisKey distinct = $"{{{prefix}}}:test:distinct";

        public async Task<IReadOnlyList<MessageOutcome>> HandleAsync(IReadOnlyList<IngestionMessage> messages, CancellationToken cancellationToken)
        {
            var database = redis.GetDatabase();
            foreach (var message in messages)
            {
                await database.StringIncrementAsync(counter);
                await database.SetAddAsync(distinct, message.DocumentId);
            }

            return [.. messages.Select(_ => MessageOutcome.Success)];
        }

        public async Task<long> HandledAsync() => (long)await redis.GetDatabase().StringGetAsync(counter);

        public async Task<IEnumerable<string>> DistinctAsync() =>
            (await redis.GetDatabase().SetMembersAsync(distinct)).Select(member => member.ToString());
    }
}
