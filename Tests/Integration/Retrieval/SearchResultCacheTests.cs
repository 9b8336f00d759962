using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>Search results cached in the real result cache over a real Redis hot tier and PostgreSQL.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class SearchResultCacheTests(LocalServersFixture servers) : TwoTiersOnServers(servers, servers)
{
    private static readonly RetrievalQuery Tidewater = new(new KnnQuery
    {
        Vector = [1, 0, 0, 0], K = 2, Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff },
    });

    protected override async Task SeedAsync()
    {
        await Cold.UpsertAsync(Seed(), CancellationToken.None);
        foreach (var document in Seed())
        {
            await Hot.UpsertAsync(document.ToVectorDocument(Schema), CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheSameQueryAgainIsAnsweredFromTheCacheAndStillCountsItsAsks()
    {
        var results = Results();

        var first = await results.RetrieveAsync(Tidewater, CancellationToken.None);
        var second = await results.RetrieveAsync(Tidewater, CancellationToken.None);

        Assert.Equal(CacheOutcome.Miss, first.Outcome);
        Assert.Contains(second.Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
        Assert.Equal(first.Result.Hits.Select(hit => (hit.Id, hit.Distance)), second.Result.Hits.Select(hit => (hit.Id, hit.Distance)));
        Assert.Equal(first.Result.Tier, second.Result.Tier);
        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetScoreAsync(Asks.TenantKey("tidewater"), "1") == 2,
            TimeSpan.FromSeconds(5), "both answers count an ask for document 1");
    }

    [Fact]
    public async Task AChangedDocumentDropsItsTenantsResultsAndThoseWithoutATenantOnly()
    {
        var results = Results();
        var anyTenant = new RetrievalQuery(new KnnQuery { Vector = [1, 0, 0, 0], K = 2 });
        var beancraft = new RetrievalQuery(new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = "beancraft" } });
        foreach (var query in new[] { Tidewater, anyTenant, beancraft })
        {
            await results.RetrieveAsync(query, CancellationToken.None);
        }

        await results.InvalidateTenantAsync("tidewater", CancellationToken.None);

        Assert.Equal(CacheOutcome.Miss, (await Results().RetrieveAsync(Tidewater, CancellationToken.None)).Outcome);
        Assert.Equal(CacheOutcome.Miss, (await Results().RetrieveAsync(anyTenant, CancellationToken.None)).Outcome);
        Assert.Contains((await Results().RetrieveAsync(beancraft, CancellationToken.None)).Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
    }

    [Fact]
    public async Task ANewHotSetDropsEveryResult()
    {
        var results = Results();
        await results.RetrieveAsync(Tidewater, CancellationToken.None);

        await results.InvalidateAllAsync(CancellationToken.None);

        Assert.Equal(CacheOutcome.Miss, (await Results().RetrieveAsync(Tidewater, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task AZeroLifetimeTurnsTheCacheOff()
    {
        var results = Results(TimeSpan.Zero);

        var answer = await results.RetrieveAsync(Tidewater, CancellationToken.None);

        Assert.Null(answer.Outcome);
        Assert.Equal(["1", "2"], answer.Result.Hits.Select(hit => hit.Id));
    }

    private SearchResultCache Results(TimeSpan? timeToLive = null)
    {
        var options = new RetrievalOptions { ResultTimeToLive = timeToLive ?? TimeSpan.FromMinutes(5) };
        return new SearchResultCache(Retriever(options: options), Cache, Asks, Schema.Name, Options.Create(options));
    }
}
