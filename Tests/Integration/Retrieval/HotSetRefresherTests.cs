using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>Hot-set refreshes over a real Redis hot tier and a real PostgreSQL cold tier.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class HotSetRefresherTests(LocalServersFixture servers) : IAsyncLifetime
{
    private readonly VectorIndexSchema schema = new()
    {
        Name = $"hotset{Guid.NewGuid():N}",
        Dimension = 4,
        Quantization = VectorQuantization.NoQuantization,
    };

    private readonly string asksKey = $"asks{Guid.NewGuid():N}";
    private readonly RetrievalTelemetry telemetry = new();
    private ResultCache resultCache = null!;
    private ConnectionMultiplexer redis = null!;
    private IsolatedPostgresSchema database = null!;
    private VectorSetsIndex hot = null!;
    private PostgresColdTier cold = null!;
    private RedisAskCounter asks = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        hot = new VectorSetsIndex(redis, schema);
        cold = await database.MigratedTierAsync(schema);
        asks = new RedisAskCounter(redis, asksKey);
        resultCache = TestCaches.Create(redis, TestCaches.NewPrefix());

        // Documents 1 to 6, each a day newer than the one before, so the newest is 6.
        await cold.UpsertAsync(
            [.. Seed().Select((document, index) => document with { UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(Fresh + (index * 86400)) })],
            CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        var refresher = Refresher(size: 1);
        var keys = new RedisKey[] { hot.SetKey, $"{hot.SetKey}:rebuild-status", asksKey, refresher.LockKey, refresher.StatusKey };
        await redis.GetDatabase().KeyDeleteAsync(keys);
        resultCache.Dispose();
        telemetry.Dispose();
        await redis.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task WithNoAsksYetTheNewestDocumentsFillTheHotSet()
    {
        var status = await Refresher(size: 3).RefreshAsync(CancellationToken.None);

        Assert.Equal((VectorRebuildState.Completed, 3, 0, 3L), (status.State, status.Planned, status.FromAsks, status.Loaded));
        Assert.Equal(["4", "5", "6"], await HotIdsAsync());
    }

    [Fact]
    public async Task AskCountsDriveTheNextRefresh()
    {
        asks.Record("tidewater", ["2", "3"]);
        asks.Record("tidewater", ["2"]);
        asks.Record("beancraft", ["4"]);
        await Eventually.HoldsAsync(
            async () => await redis.GetDatabase().SortedSetLengthAsync(asksKey) == 3, TimeSpan.FromSeconds(5), "the asks are counted");

        var status = await Refresher(size: 4).RefreshAsync(CancellationToken.None);

        Assert.Equal((4, 3), (status.Planned, status.FromAsks));
        Assert.Equal(["2", "3", "4", "6"], await HotIdsAsync());
        Assert.Equal("Insulin transport guideline", (await hot.GetAsync("2", CancellationToken.None))!.Texts["title"]);
    }

    [Fact]
    public async Task ATenantsCapKeepsItsDocumentsFromFillingTheHotSet()
    {
        asks.Record("tidewater", ["1", "2", "3", "5"]);
        await Eventually.HoldsAsync(
            async () => await redis.GetDatabase().SortedSetLengthAsync(asksKey) == 4, TimeSpan.FromSeconds(5), "the asks are counted");

        await Refresher(size: 3, new() { ["tidewater"] = 2 }).RefreshAsync(CancellationToken.None);

        // Two tidewater documents by asks, then the newest of another tenant: 4 (beancraft).
        var hotIds = await HotIdsAsync();
        Assert.Equal(3, hotIds.Count);
        Assert.Contains("4", hotIds);
    }

    [Fact]
    public async Task TwoRefreshesNeverRunAtOnceAndTheRunningOneIsVisible()
    {
        var refresher = Refresher(size: 3);
        await redis.GetDatabase().StringSetAsync(refresher.LockKey, "another replica", TimeSpan.FromMinutes(1));
        await redis.GetDatabase().HashSetAsync(refresher.StatusKey, [new("state", "Running"), new("planned", 5), new("started", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);

        await Assert.ThrowsAsync<HotSetRefreshConflictException>(() => Refresher(size: 3).RefreshAsync(CancellationToken.None));

        var running = await Refresher(size: 3).ReadStatusAsync(CancellationToken.None);
        Assert.Equal((VectorRebuildState.Running, 5), (running!.State, running.Planned));

        // The replica that held the lock is gone: its refresh reads as failed, and a new one may run.
        await redis.GetDatabase().KeyDeleteAsync(refresher.LockKey);
        Assert.Equal(VectorRebuildState.Failed, (await Refresher(size: 3).ReadStatusAsync(CancellationToken.None))!.State);
        Assert.Equal(VectorRebuildState.Completed, (await Refresher(size: 3).RefreshAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task DeletedDocumentsLeaveTheHotSetAtTheNextRefreshThoughTheirAsksRemain()
    {
        asks.Record("tidewater", ["1"]);
        await Eventually.HoldsAsync(
            async () => await redis.GetDatabase().SortedSetLengthAsync(asksKey) == 1, TimeSpan.FromSeconds(5), "the ask is counted");
        await cold.DeleteAsync("1", CancellationToken.None);

        var status = await Refresher(size: 2).RefreshAsync(CancellationToken.None);

        Assert.Equal(0, status.FromAsks);
        Assert.Equal(["5", "6"], await HotIdsAsync());
    }

    private HotSetRefresher Refresher(int size, Dictionary<string, int>? tenantSizes = null) => new(
        hot, cold, asks, redis, Results(),
        Options.Create(new HotSetOptions { Size = size, TenantSizes = tenantSizes ?? new Dictionary<string, int>() }),
        NullLogger<HotSetRefresher>.Instance);

    private SearchResultCache Results()
    {
        var retriever = new TwoTierRetriever(
            hot, cold, asks, Options.Create(new RetrievalOptions()), telemetry, NullLogger<TwoTierRetriever>.Instance);
        return new SearchResultCache(retriever, resultCache, asks, schema.Name, Options.Create(new RetrievalOptions()));
    }

    private async Task<List<string>> HotIdsAsync()
    {
        var ids = new List<string>();
        foreach (var id in new[] { "1", "2", "3", "4", "5", "6" })
        {
            if (await hot.GetAsync(id, CancellationToken.None) is not null)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
