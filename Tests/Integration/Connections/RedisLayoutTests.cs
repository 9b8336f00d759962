using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Ingestion.Queue;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Connections;

/// <summary>The two Redis layouts: one instance for everything, or the vector hot tier on an instance of its own.</summary>
[Trait("Category", "Integration")]
public sealed class RedisLayoutTests
{
    [Fact]
    public async Task WithAVectorsConnectionTheHotTierWritesThereAndNotToTheCache()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var cache = await RedisServer.StartAsync();
        await using var vectors = await RedisServer.StartAsync();
        var host = BuildHost(cache, vectors);
        await using var disposeHost = (IAsyncDisposable)host;

        var hotTier = host.Services.GetRequiredService<VectorHotTier>();
        await hotTier.ChooseEngineAsync(timeout.Token);
        var index = hotTier.Open(1, WordHashEmbeddingGenerator.DefaultDimensions);
        await index.EnsureCreatedAsync(timeout.Token);
        await index.UpsertAsync(new VectorDocument(
            "layout", new WordHashEmbeddingGenerator().VectorOf("a document in the hot tier"),
            new Dictionary<string, string>(), new Dictionary<string, double>(), new Dictionary<string, string>()), timeout.Token);

        Assert.NotSame(host.Services.GetRequiredService<IConnectionMultiplexer>(), host.Services.GetRequiredKeyedService<IConnectionMultiplexer>(RedisConnectionNames.Vectors));
        Assert.True(await KeysAsync(vectors) > 0, "the hot tier wrote nothing to the vectors Redis");
        Assert.Equal(0, await KeysAsync(cache));
    }

    [Fact]
    public async Task WithAVectorsConnectionTheIngestionQueueAndItsWakeUpsLiveThereAndNotOnTheEvictingCache()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var cache = await RedisServer.StartAsync();
        await using var vectors = await RedisServer.StartAsync();
        var handler = new RecordingHandler();
        var host = BuildHost(cache, vectors, new Dictionary<string, string?>
        {
            // Idle for a minute between reads: only a wake-up that reaches the consumer brings a write within the 30 s below.
            ["Ingestion:Queue:IdleWait"] = "00:01:00",
            ["Ingestion:Queue:IdleConsumerTimeout"] = "00:02:00",
        }, services => services.AddSingleton<IIngestionHandler>(handler).AddIngestionQueue());
        await using var disposeHost = (IAsyncDisposable)host;
        var queue = host.Services.GetRequiredService<IngestionQueue>();
        using var stop = new CancellationTokenSource();
        var consuming = host.Services.GetRequiredService<IngestionConsumer>().RunAsync(stop.Token);

        await queue.EnqueueUpsertAsync(TestQueues.Document("first"), timeout.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(handler.TimesSeen("first") == 1), TimeSpan.FromSeconds(30), "the first write is handled");
        var second = await queue.EnqueueUpsertAsync(TestQueues.Document("second"), timeout.Token);
        await Eventually.HoldsAsync(
            async () => (await queue.GetOperationAsync(second, timeout.Token))?.State == OperationState.Completed, TimeSpan.FromSeconds(30),
            "a write queued while the consumer idles completes");

        Assert.Equal(1, handler.TimesSeen("second"));
        Assert.Equal((1, 0), (await SubscribersAsync(vectors, queue.Keys.Wake), await SubscribersAsync(cache, queue.Keys.Wake)));
        Assert.True(await KeysAsync(vectors) > 0, "the queue wrote nothing to the vectors Redis");
        Assert.Equal(0, await KeysAsync(cache));
        await stop.CancelAsync();
        await consuming;
    }

    [Fact]
    public async Task WithoutAVectorsConnectionTheHotTierSharesTheCacheConnection()
    {
        await using var cache = await RedisServer.StartAsync();
        var host = BuildHost(cache, vectors: null);
        await using var disposeHost = (IAsyncDisposable)host;

        Assert.Same(host.Services.GetRequiredService<IConnectionMultiplexer>(), host.Services.GetRequiredKeyedService<IConnectionMultiplexer>(RedisConnectionNames.Vectors));
    }

    [Fact]
    public async Task TheSelfCheckWarnsOnceWhenTheHotTiersRedisCanEvictIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var cache = await RedisServer.StartAsync();
        await using var vectors = await RedisServer.StartAsync();
        await SetPolicyAsync(cache, "allkeys-lru");
        await SetPolicyAsync(vectors, "allkeys-lru");
        var host = BuildHost(cache, vectors);
        await using var disposeHost = (IAsyncDisposable)host;

        var result = await host.Services.GetRequiredService<ServerSelfCheck>().GetAsync(timeout.Token);

        Assert.Equal([RedisConnectionNames.Cache, RedisConnectionNames.Vectors], result.Redis.Select(check => check.Name));
        var cacheCheck = result.Redis[0];
        var vectorsCheck = result.Redis[1];
        Assert.Null(cacheCheck.Warning);
        Assert.False(cacheCheck.HoldsHotTier);
        Assert.True(vectorsCheck.HoldsHotTier);
        Assert.Equal("allkeys-lru", vectorsCheck.EvictionPolicy);
        Assert.Contains("allkeys-lru", vectorsCheck.Warning, StringComparison.Ordinal);
        Assert.Contains("noeviction", vectorsCheck.Warning, StringComparison.Ordinal);
        Assert.All(result.Redis, check =>
        {
            Assert.Equal(ServerAuthentication.Key, check.Authentication);
            Assert.False(check.Tls);
            Assert.False(check.ClusterEnabled);
            Assert.True(check.VectorSets);
        });
        Assert.Equal(ServerAuthentication.None, result.Postgres.Authentication);
    }

    [Fact]
    public async Task TheSelfCheckIsQuietWhenTheHotTiersRedisEvictsNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var cache = await RedisServer.StartAsync();
        await SetPolicyAsync(cache, "noeviction");
        var host = BuildHost(cache, vectors: null);
        await using var disposeHost = (IAsyncDisposable)host;

        var check = Assert.Single((await host.Services.GetRequiredService<ServerSelfCheck>().GetAsync(timeout.Token)).Redis);

        Assert.True(check.HoldsHotTier);
        Assert.Equal("noeviction", check.EvictionPolicy);
        Assert.Null(check.Warning);
    }

    /// <summary>The services' registrations of the connections, the hot tier and the self-check, and any more given.</summary>
    private static IHost BuildHost(
        RedisServer cache, RedisServer? vectors, Dictionary<string, string?>? settings = null, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = cache.ConnectionString,
            ["ConnectionStrings:vectors"] = vectors?.ConnectionString,
            ["ConnectionStrings:db"] = "Host=127.0.0.1;Username=nobody",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new WordHashEmbeddingGenerator());
        builder.AddRedisConnections();
        builder.AddVectorHotTier();
        builder.Services.AddServerSelfCheck();
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    private static async Task<long> SubscribersAsync(RedisServer server, RedisChannel channel)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        var reply = (RedisResult[])(await admin.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel.ToString()))!;
        return (long)reply[1];
    }

    private static async Task SetPolicyAsync(RedisServer server, string policy)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        await admin.GetServers()[0].ConfigSetAsync("maxmemory-policy", policy);
    }

    private static async Task<long> KeysAsync(RedisServer server)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",allowAdmin=true");
        return await admin.GetServers()[0].DatabaseSizeAsync();
    }
}
