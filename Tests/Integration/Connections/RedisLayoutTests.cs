using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
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

    /// <summary>The services' registrations of the connections, the hot tier and the self-check.</summary>
    private static IHost BuildHost(RedisServer cache, RedisServer? vectors)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = cache.ConnectionString,
            ["ConnectionStrings:vectors"] = vectors?.ConnectionString,
            ["ConnectionStrings:db"] = "Host=127.0.0.1;Username=nobody",
        });
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new WordHashEmbeddingGenerator());
        builder.AddRedisConnections();
        builder.AddVectorHotTier();
        builder.Services.AddServerSelfCheck();
        return builder.Build();
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
