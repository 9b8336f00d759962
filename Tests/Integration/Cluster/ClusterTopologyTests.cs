using RedisAspire.Core.Answers.Semantic;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>
/// The cluster the other cluster tests run on is a real one (three primaries, the slots split between them, cross-slot
/// commands refused), and the keys one script or command touches together map to one slot.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterTopologyTests(RedisClusterFixture cluster) : IAsyncLifetime
{
    private readonly string prefix = TestCaches.NewPrefix();
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(cluster.RedisConnectionString);

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task ThreePrimariesShareTheSlotsAndACommandOverTwoSlotsIsRefused()
    {
        var primaries = redis.GetServers().Where(server => !server.IsReplica).ToArray();
        var keys = new CacheKeys(prefix);
        var spread = Enumerable.Range(0, 32).Select(index => redis.GetServer(new RedisKey(keys.Value($"k{index}"))).EndPoint).Distinct().Count();

        Assert.Equal(ServerType.Cluster, redis.GetServers()[0].ServerType);
        Assert.Equal(3, primaries.Length);
        Assert.Equal(3, spread);
        // Sent as plain values, so the client does not refuse it first: the server does.
        var error = await Assert.ThrowsAsync<RedisServerException>(() =>
            redis.GetDatabase().ExecuteAsync("DEL", keys.Value("a"), keys.Value("b")));
        Assert.StartsWith("CROSSSLOT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKeysAScriptTouchesTogetherMapToOneSlot()
    {
        var cache = new CacheKeys(prefix);
        var queue = new IngestionQueueKeys(prefix);
        var semantic = new SemanticAnswerKeys(prefix);

        AssertOneSlot(cache.Value("menu"), cache.Lock("menu"));
        AssertOneSlot(cache.Tag("doc:7"), cache.PermanentTag("doc:7"));
        AssertOneSlot(queue.Stream, queue.BulkStream, queue.DeadLetters, queue.Statistics, queue.RecentOperations, queue.SampleCorpusMarker,
            queue.Operation("op-1"), queue.Operation("op-2"));
        AssertOneSlot(semantic.Entries("harbor-bistro"), semantic.Expiry("harbor-bistro"), semantic.Sequence("harbor-bistro"),
            semantic.Entry("harbor-bistro", "e1"), semantic.Cites("harbor-bistro", "menu/risotto"));
    }

    private void AssertOneSlot(params RedisKey[] keys) =>
        Assert.Single(keys.Select(key => redis.HashSlot(key)).Distinct());
}
