using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// Hot-set refreshes over a real Redis hot tier and a real PostgreSQL cold tier, run against every kind of shared Redis
/// (one server, a cluster).
/// </summary>
public abstract class HotSetRefresherContract(ISharedRedis redis, ISharedPostgres postgres) : TwoTiersOnServers(redis, postgres)
{
    // Documents 1 to 6, each a day newer than the one before, so the newest is 6; none is hot yet.
    protected override Task SeedAsync() =>
        Cold.UpsertAsync(
            [.. Seed().Select((document, index) => document with { UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(Fresh + (index * 86400)) })],
            CancellationToken.None);

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
        Asks.Record("tidewater", ["2", "3"]);
        Asks.Record("tidewater", ["2"]);
        Asks.Record("beancraft", ["4"]);
        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetLengthAsync(Asks.GlobalKey) == 3, TimeSpan.FromSeconds(5), "the asks are counted");

        var status = await Refresher(size: 4).RefreshAsync(CancellationToken.None);

        Assert.Equal((4, 3), (status.Planned, status.FromAsks));
        Assert.Equal(["2", "3", "4", "6"], await HotIdsAsync());
        Assert.Equal("Insulin transport guideline", (await Hot.GetAsync("2", CancellationToken.None))!.Texts["title"]);
    }

    [Theory]
    [InlineData("MostAsked", new[] { "1", "2", "3", "6" }, 3)]
    [InlineData("Newest", new[] { "3", "4", "5", "6" }, 0)]
    [InlineData("Mixed", new[] { "1", "2", "5", "6" }, 2)]
    public async Task ThePolicyDecidesWhetherTheAskedOrTheNewestDocumentsAreHot(string policy, string[] expected, int fromAsks)
    {
        // Tidewater asks for 2 twice, 1 and 3 once; the newest are 6, 5, 4, 3.
        Asks.Record("tidewater", ["1", "2", "3"]);
        Asks.Record("tidewater", ["2"]);
        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetScoreAsync(Asks.GlobalKey, "2") == 2, TimeSpan.FromSeconds(5), "the asks are counted");

        var status = await Refresher(size: 4, policy: policy, newestShare: 0.5).RefreshAsync(CancellationToken.None);

        Assert.Equal((VectorRebuildState.Completed, 4, fromAsks), (status.State, status.Planned, status.FromAsks));
        Assert.Equal(expected, await HotIdsAsync());
    }

    [Fact]
    public async Task TheNewestPolicyKeepsACappedTenantWithinItsSizeAndFillsTheRestWithOtherTenantsNewest()
    {
        // Beancraft's b00 and b01 are older than all but 1; tidewater's newest is 6.
        await SeedTwoTenantsAsync(extraTidewater: 0, extraBeancraft: 2);

        var status = await Refresher(size: 3, new() { ["tidewater"] = 1 }, policy: "Newest").RefreshAsync(CancellationToken.None);

        Assert.Equal((3, 0), (status.Planned, status.FromAsks));
        Assert.Equal(["6", "4", "b00"], await HotIdsAsync(["6", "4", "b00", "b01", "1", "2", "3", "5"]));
    }

    [Fact]
    public async Task ATenantsCapKeepsItsDocumentsFromFillingTheHotSet()
    {
        Asks.Record("tidewater", ["1", "2", "3", "5"]);
        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetLengthAsync(Asks.GlobalKey) == 4, TimeSpan.FromSeconds(5), "the asks are counted");

        await Refresher(size: 3, new() { ["tidewater"] = 2 }).RefreshAsync(CancellationToken.None);

        // Two tidewater documents by asks, then the newest of another tenant: 4 (beancraft).
        var hotIds = await HotIdsAsync();
        Assert.Equal(3, hotIds.Count);
        Assert.Contains("4", hotIds);
    }

    [Fact]
    public async Task ATenantFloodingAsksTakesOnlyItsShareWhileAnotherTenantAsksToo()
    {
        // Tidewater asks for 25 documents (more than twice the size) ten times each; beancraft for its 3 documents once.
        var (tidewater, beancraft) = await SeedTwoTenantsAsync(extraTidewater: 20, extraBeancraft: 2);
        await RecordAsksAsync(tidewater, 10, beancraft, 1);

        var status = await Refresher(size: 6, tenantShare: 0.5).RefreshAsync(CancellationToken.None);

        var hotIds = await HotIdsAsync([.. tidewater, .. beancraft]);
        Assert.Equal((6, 6), (status.Planned, status.FromAsks));
        Assert.Equal(beancraft, hotIds.Intersect(beancraft));
        Assert.Equal(3, hotIds.Intersect(tidewater).Count());
    }

    [Fact]
    public async Task ATenantFloodingAsksGetsTheRoomNoOtherTenantAsksFor()
    {
        var (tidewater, beancraft) = await SeedTwoTenantsAsync(extraTidewater: 20, extraBeancraft: 0);
        await RecordAsksAsync(tidewater, 10, beancraft, 1);

        var status = await Refresher(size: 6, tenantShare: 0.5).RefreshAsync(CancellationToken.None);

        var hotIds = await HotIdsAsync([.. tidewater, .. beancraft]);
        Assert.Equal((6, 6), (status.Planned, status.FromAsks));
        Assert.Equal(["4"], hotIds.Intersect(beancraft));
        Assert.Equal(5, hotIds.Intersect(tidewater).Count());
    }

    [Fact]
    public async Task TwoRefreshesNeverRunAtOnceAndTheRunningOneIsVisible()
    {
        var refresher = Refresher(size: 3);
        await Redis.GetDatabase().StringSetAsync(refresher.LockKey, "another replica", TimeSpan.FromMinutes(1));
        await Redis.GetDatabase().HashSetAsync(refresher.StatusKey, [new("state", "Running"), new("planned", 5), new("started", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())]);

        await Assert.ThrowsAsync<HotSetRefreshConflictException>(() => Refresher(size: 3).RefreshAsync(CancellationToken.None));

        var running = await Refresher(size: 3).ReadStatusAsync(CancellationToken.None);
        Assert.Equal((VectorRebuildState.Running, 5), (running!.State, running.Planned));

        // The replica that held the lock is gone: its refresh reads as failed, and a new one may run.
        await Redis.GetDatabase().KeyDeleteAsync(refresher.LockKey);
        Assert.Equal(VectorRebuildState.Failed, (await Refresher(size: 3).ReadStatusAsync(CancellationToken.None))!.State);
        Assert.Equal(VectorRebuildState.Completed, (await Refresher(size: 3).RefreshAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task DeletedDocumentsLeaveTheHotSetAtTheNextRefreshThoughTheirAsksRemain()
    {
        Asks.Record("tidewater", ["1"]);
        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetLengthAsync(Asks.GlobalKey) == 1, TimeSpan.FromSeconds(5), "the ask is counted");
        await Cold.DeleteAsync("1", CancellationToken.None);

        var status = await Refresher(size: 2).RefreshAsync(CancellationToken.None);

        Assert.Equal(0, status.FromAsks);
        Assert.Equal(["5", "6"], await HotIdsAsync());
    }

    [Fact]
    public async Task QueriesDuringARefreshAlwaysGetAnAnswer()
    {
        await Refresher(size: 6).RefreshAsync(CancellationToken.None);
        using var refreshing = new CancellationTokenSource();
        var answers = new List<RetrievalResult>();
        var retriever = Retriever();
        var query = new RetrievalQuery(new KnnQuery { Vector = [1, 0, 0, 0], K = 2, Filter = new VectorFilter { Tenant = "tidewater" } });
        var querying = Task.Run(async () =>
        {
            while (!refreshing.IsCancellationRequested)
            {
                var answer = await retriever.RetrieveAsync(query, CancellationToken.None);
                lock (answers)
                {
                    answers.Add(answer);
                }
            }
        });
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref answers).Count > 0), TimeSpan.FromSeconds(10), "queries are running");

        for (var refresh = 0; refresh < 5; refresh++)
        {
            await Refresher(size: 6).RefreshAsync(CancellationToken.None);
        }

        await refreshing.CancelAsync();
        await querying;
        lock (answers)
        {
            Assert.All(answers, answer => Assert.Equal(["1", "5"], answer.Hits.Select(hit => hit.Id)));
            Assert.Contains(answers, answer => answer.Tier == RetrievalTier.Hot);
        }
    }

    private HotSetRefresher Refresher(
        int size, Dictionary<string, int>? tenantSizes = null, double tenantShare = 0.5, string policy = "MostAsked", double newestShare = 0.5) => new(
        Hot, Cold, Asks, Redis, new SearchResultCache(Retriever(), Cache, Asks, Schema.Name, Options.Create(new RetrievalOptions())),
        Options.Create(new HotSetOptions
        {
            Size = size, TenantShare = tenantShare, TenantSizes = tenantSizes ?? new Dictionary<string, int>(), Policy = policy, NewestShare = newestShare,
        }),
        NullLogger<HotSetRefresher>.Instance);

    /// <summary>Adds documents to the seed's tidewater ones (1, 2, 3, 5, 6) and its beancraft one (4); returns each tenant's.</summary>
    private async Task<(string[] Tidewater, string[] Beancraft)> SeedTwoTenantsAsync(int extraTidewater, int extraBeancraft)
    {
        var extra = Enumerable.Range(0, extraTidewater).Select(index => Document($"t{index:00}", [0, 0, 1, index / 100f], "tidewater"))
            .Concat(Enumerable.Range(0, extraBeancraft).Select(index => Document($"b{index:00}", [0, 0, index / 100f, 1], "beancraft")))
            .ToList();
        await Cold.UpsertAsync(extra, CancellationToken.None);
        return (
            ["1", "2", "3", "5", "6", .. extra.Where(document => document.Tenant == "tidewater").Select(document => document.Id)],
            ["4", .. extra.Where(document => document.Tenant == "beancraft").Select(document => document.Id)]);
    }

    /// <summary>Each tenant asks for each of its documents so many times, as its searches would count them.</summary>
    private async Task RecordAsksAsync(string[] tidewater, int tidewaterAsks, string[] beancraft, int beancraftAsks)
    {
        for (var ask = 0; ask < tidewaterAsks; ask++)
        {
            Asks.Record("tidewater", tidewater);
        }

        for (var ask = 0; ask < beancraftAsks; ask++)
        {
            Asks.Record("beancraft", beancraft);
        }

        // The counts are sent in order on one connection: once the last one is in, all are.
        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetScoreAsync(Asks.TenantKey("beancraft"), beancraft[^1]) == beancraftAsks,
            TimeSpan.FromSeconds(5), "the asks are counted");
    }

    private async Task<List<string>> HotIdsAsync(IEnumerable<string>? candidates = null)
    {
        var ids = new List<string>();
        foreach (var id in candidates ?? ["1", "2", "3", "4", "5", "6"])
        {
            if (await Hot.GetAsync(id, CancellationToken.None) is not null)
            {
                ids.Add(id);
            }
        }

        return ids;
    }
}
