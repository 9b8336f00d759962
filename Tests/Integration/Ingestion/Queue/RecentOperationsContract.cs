using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>The index of recent operations: newest first, bounded, without the ones whose status expired.</summary>
public abstract class RecentOperationsContract(ISharedRedis servers) : QueueOnSharedRedis(servers, TestQueues.NewOptions())
{
    [Fact]
    public async Task OnlyTheNewestOperationsAreKeptAndTheyAreListedNewestFirst()
    {
        QueueOptions.RecentOperations = 3;
        // All in one millisecond: the order is still the order of enqueueing.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queue = new IngestionQueue(Redis, Options.Create(QueueOptions), new IngestionQueueTelemetry(), time);
        var enqueued = new List<string>();
        for (var index = 0; index < 5; index++)
        {
            enqueued.Add(await queue.EnqueueUpsertAsync(TestQueues.Document($"menu/{index}"), CancellationToken.None));
        }

        var listed = await queue.ListRecentOperationsAsync(10, _ => true, CancellationToken.None);

        Assert.Equal(enqueued[2..].AsEnumerable().Reverse(), listed.Select(operation => operation.Id));
        Assert.Equal(3, await Redis.GetDatabase().SortedSetLengthAsync(queue.Keys.RecentOperations));
        Assert.All(listed, operation => Assert.Equal((OperationState.Queued, 1), (operation.State, operation.Total)));
    }

    [Fact]
    public async Task AnOperationWhoseStatusExpiredIsLeftOutAndDroppedFromTheIndex()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var kept = await queue.EnqueueUpsertAsync(TestQueues.Document("menu/kept"), CancellationToken.None);
        var expired = await queue.EnqueueUpsertAsync(TestQueues.Document("menu/expired"), CancellationToken.None);
        await Redis.GetDatabase().KeyDeleteAsync(queue.Keys.Operation(expired));

        var listed = await queue.ListRecentOperationsAsync(10, _ => true, CancellationToken.None);

        Assert.Equal([kept], listed.Select(operation => operation.Id));
        Assert.Null(await Redis.GetDatabase().SortedSetScoreAsync(queue.Keys.RecentOperations, expired));
    }

    [Fact]
    public async Task TheCountIsOfTheOperationsTheFilterLetsThroughReadPastThoseItHides()
    {
        var queue = TestQueues.Queue(Redis, QueueOptions);
        var mine = await queue.EnqueueUpsertAsync(TestQueues.Document("menu/mine", "harbor-bistro"), CancellationToken.None);
        for (var index = 0; index < 150; index++)
        {
            await queue.EnqueueUpsertAsync(TestQueues.Document($"policy/{index}", "clinic"), CancellationToken.None);
        }

        var listed = await queue.ListRecentOperationsAsync(1, operation => operation.Tenants.SequenceEqual(["harbor-bistro"]), CancellationToken.None);

        Assert.Equal([mine], listed.Select(operation => operation.Id));
    }
}
