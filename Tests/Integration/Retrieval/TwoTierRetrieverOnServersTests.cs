using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>The two-tier retriever over a real Redis hot tier (Vector Sets) and a real PostgreSQL with pgvector.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class TwoTierRetrieverOnServersTests(LocalServersFixture servers) : TwoTiersOnServers(servers, servers)
{
    private static readonly VectorFilter TidewaterEnglishFresh = new() { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff };

    // Every document is durable; only the insulin documents 1, 2 and 5 are hot.
    protected override async Task SeedAsync()
    {
        var documents = Seed();
        await Cold.UpsertAsync(documents, CancellationToken.None);
        foreach (var document in documents.Where(document => document.Id is "1" or "2" or "5"))
        {
            await Hot.UpsertAsync(document.ToVectorDocument(Schema), CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheHotTierAnswersWhatItHoldsConfidently()
    {
        var result = await Retriever().RetrieveAsync(Query(k: 2), CancellationToken.None);

        Assert.Equal((RetrievalTier.Hot, (HotMissReason?)null), (result.Tier, result.MissReason));
        Assert.Equal(["1", "2"], result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task AMissFallsBackToPostgresWithTheExactAnswer()
    {
        // Document 6 passes the filter but is not hot: the hot tier finds two of three.
        var result = await Retriever().RetrieveAsync(Query(k: 3), CancellationToken.None);
        var exact = await Cold.SearchAsync(Query(k: 3).Search, exact: true, CancellationToken.None);

        Assert.Equal((RetrievalTier.Cold, HotMissReason.TooFewResults), (result.Tier, result.MissReason));
        Assert.Equal(exact.Hits.Select(hit => hit.Id), result.Hits.Select(hit => hit.Id));
        Assert.Equal(exact.Hits.Select(hit => hit.Distance!.Value), result.Hits.Select(hit => hit.Distance!.Value), new ToleranceComparer(1e-4));
    }

    [Fact]
    public async Task AnUnconfidentHotAnswerFallsBackToPostgres()
    {
        // Nearest to [0, 1, 0, 0] among the hot documents is document 2, at cosine 0.11; PostgreSQL holds document 6.
        var query = new RetrievalQuery(new KnnQuery { Vector = [0, 1, 0, 0], K = 1, Filter = TidewaterEnglishFresh });

        var result = await Retriever().RetrieveAsync(query, CancellationToken.None);

        Assert.Equal((RetrievalTier.Cold, HotMissReason.BelowConfidence), (result.Tier, result.MissReason));
        Assert.Equal("6", Assert.Single(result.Hits).Id);
    }

    [Fact]
    public async Task WithRedisStoppedPostgresAnswersAndTheRequestSucceeds()
    {
        await using var stopped = await ConnectionMultiplexer.ConnectAsync(
            $"127.0.0.1:{ServerProcess.FreePort()},abortConnect=false,connectTimeout=200,syncTimeout=200,asyncTimeout=200");
        var unreachable = new VectorSetsIndex(stopped, Schema);

        var result = await Retriever(unreachable).RetrieveAsync(Query(k: 2), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RetrievalTier.Cold, result.Tier);
        Assert.Contains(result.MissReason, new HotMissReason?[] { HotMissReason.Failed, HotMissReason.TimedOut });
        Assert.Equal(["1", "2"], result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task EachAnswerCountsOneAskForEachDocumentInIt()
    {
        var tidewater = Asks.TenantKey("tidewater");
        var before = await Redis.GetDatabase().SortedSetScoreAsync(tidewater, "1") ?? 0;
        var elsewhere = new RetrievalQuery(new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = $"nobody{Guid.NewGuid():N}" } });

        await Retriever().RetrieveAsync(Query(k: 1), CancellationToken.None);
        await Retriever().RetrieveAsync(Query(k: 1), CancellationToken.None);
        var empty = await Retriever().RetrieveAsync(elsewhere, CancellationToken.None);

        await Eventually.HoldsAsync(
            async () => await Redis.GetDatabase().SortedSetScoreAsync(tidewater, "1") == before + 2,
            TimeSpan.FromSeconds(5), "document 1 is counted once per answer");
        Assert.Empty(empty.Hits);
        Assert.Equal(0, await Redis.GetDatabase().SortedSetLengthAsync(Asks.TenantKey(elsewhere.Search.Filter.Tenant!)));
    }

    private static RetrievalQuery Query(int k) => new(new KnnQuery { Vector = [1, 0, 0, 0], K = k, Filter = TidewaterEnglishFresh });

    private TwoTierRetriever Retriever(IVectorSearch? hotTier = null) =>
        Retriever(hotTier, new RetrievalOptions { ConfidenceThreshold = 0.5, HotTimeout = TimeSpan.FromSeconds(2) });

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
