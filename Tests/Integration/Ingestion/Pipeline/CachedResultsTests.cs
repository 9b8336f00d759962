using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>Cached search results (the real result cache on Redis) are dropped when a batch changes their tenant's documents.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class CachedResultsTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task AChangedDocumentDropsItsTenantsCachedResultsOnly()
    {
        var documents = Corpus(1);
        await Pipeline().ProcessBatchAsync(documents, [], CancellationToken.None);
        var (bistro, clinic) = (Query(documents[0]), Query(documents[1]));
        await CacheAsync(bistro, clinic);

        var edited = documents[0] with { Body = documents[0].Body.ToUpperInvariant() };
        await Pipeline().ProcessBatchAsync([edited], [], CancellationToken.None);

        Assert.Equal(CacheOutcome.Miss, (await Results.RetrieveAsync(bistro, CancellationToken.None)).Outcome);
        Assert.Contains((await Results.RetrieveAsync(clinic, CancellationToken.None)).Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
    }

    [Fact]
    public async Task AnUnchangedBatchDropsNothing()
    {
        var documents = Corpus(1);
        await Pipeline().ProcessBatchAsync(documents, [], CancellationToken.None);
        var bistro = Query(documents[0]);
        await CacheAsync(bistro);

        await Pipeline().ProcessBatchAsync(documents, [], CancellationToken.None);

        Assert.Contains((await Results.RetrieveAsync(bistro, CancellationToken.None)).Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
    }

    [Fact]
    public async Task ADeletedDocumentLeavesBothTiersAndDropsItsTenantsCachedResults()
    {
        var documents = Corpus(1);
        await Pipeline().ProcessBatchAsync(documents, [], CancellationToken.None);
        var chunkIds = ChunksOf(documents[0]).Select(chunk => chunk.Id).ToList();
        await LoadHotAsync(chunkIds);
        var (bistro, clinic) = (Query(documents[0]), Query(documents[1]));
        await CacheAsync(bistro, clinic);

        var outcome = Assert.Single(await Pipeline().ProcessBatchAsync([], [(documents[0].Id, documents[0].Tenant)], CancellationToken.None));

        Assert.Equal((DocumentStatus.Deleted, chunkIds.Count), (outcome.Status, outcome.ChunksDeleted));
        Assert.Empty((await Cold.ReadChunkHashesAsync([documents[0].Id], CancellationToken.None))[documents[0].Id]);
        Assert.Empty(await Hot.ContainsAsync(chunkIds, CancellationToken.None));
        var answer = await Results.RetrieveAsync(bistro, CancellationToken.None);
        Assert.Equal(CacheOutcome.Miss, answer.Outcome);
        Assert.DoesNotContain(answer.Result.Hits, hit => chunkIds.Contains(hit.Id));
        Assert.Contains((await Results.RetrieveAsync(clinic, CancellationToken.None)).Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
    }

    private RetrievalQuery Query(SourceDocument document) => new(new KnnQuery
    {
        Vector = Embeddings.VectorOf(document.Title!),
        K = 3,
        Filter = new VectorFilter { Tenant = document.Tenant },
    });

    // Each query answered once, so the next identical one is a cache hit unless something drops it.
    private async Task CacheAsync(params RetrievalQuery[] queries)
    {
        foreach (var query in queries)
        {
            Assert.Equal(CacheOutcome.Miss, (await Results.RetrieveAsync(query, CancellationToken.None)).Outcome);
            Assert.Contains((await Results.RetrieveAsync(query, CancellationToken.None)).Outcome, new CacheOutcome?[] { CacheOutcome.Hit, CacheOutcome.L1Hit });
        }
    }
}
