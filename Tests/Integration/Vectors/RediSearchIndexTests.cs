using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>
/// The hot-tier contract on the query engine, whenever a Redis with it is reachable (see
/// <see cref="QueryEngineRedisFixture"/>); reported as skipped, with the reason, otherwise.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RediSearchIndexTests(QueryEngineRedisFixture server) : VectorIndexContract, IClassFixture<QueryEngineRedisFixture>
{
    protected override IConnectionMultiplexer? Redis => server.Redis;

    protected override string? SkipReason => server.SkipReason;

    [SkippableFact]
    public async Task QueriesGoThroughTheAliasToTheFirstVersionOverItsOwnHashes()
    {
        SkipUnlessReachable();
        var index = (RediSearchIndex)Index;

        var status = await Index.DescribeAsync(CancellationToken.None);

        Assert.Equal(index.IndexName("v1"), status.Live);
        var hash = await Redis!.GetDatabase().HashGetAllAsync(index.KeyPrefix("v1") + "1");
        Assert.Equal("tidewater", hash.Single(field => field.Name == "tenant").Value.ToString());
        Assert.Equal(16, ((byte[])hash.Single(field => field.Name == "embedding").Value!).Length);
    }

    [SkippableFact]
    public async Task ARebuildMovesTheAliasToTheNextVersionAndDropsTheOldOne()
    {
        SkipUnlessReachable();
        var index = (RediSearchIndex)Index;

        await Index.RebuildAsync(source: null, CancellationToken.None);

        var status = await Index.DescribeAsync(CancellationToken.None);
        Assert.Equal(index.IndexName("v2"), status.Live);
        Assert.Equal(6, status.Documents);
        Assert.False(await Redis!.GetDatabase().KeyExistsAsync(index.KeyPrefix("v1") + "1"));
        var indexes = ((RedisResult[])(await Redis.GetDatabase().ExecuteAsync("FT._LIST"))!).Select(name => name.ToString());
        Assert.DoesNotContain(index.IndexName("v1"), indexes);
    }

    [SkippableFact]
    public async Task ARebuildSwapsInItsVersionOnlyOnceTheHashesWrittenBeforeItsIndexAreIndexed()
    {
        SkipUnlessReachable();
        var index = (RediSearchIndex)Index;
        const int written = 20_000;
        var vector = new byte[16];
        BitConverter.TryWriteBytes(vector, 1f);
        index.RebuildStepReached = async step =>
        {
            if (step != RebuildStep.Locked)
            {
                return;
            }

            // Hashes already under the next version's prefix when its FT.CREATE runs, which indexes them in the background.
            var batch = Redis!.GetDatabase().CreateBatch();
            var writes = Enumerable.Range(0, written).Select(number => batch.HashSetAsync(
                index.KeyPrefix("v2") + $"early-{number}",
                [new("embedding", vector), new("tenant", "tidewater"), new("language", "en"), new("updated_at", Fresh), new("title", $"early {number}")])).ToList();
            batch.Execute();
            await Task.WhenAll(writes);
        };

        await Index.RebuildAsync(Empty(), CancellationToken.None);

        Assert.Equal(written, await Index.CountAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task AFilterOnlyQueryCountsEveryMatchAndReturnsTheStoredFields()
    {
        SkipUnlessReachable();

        var result = await ((RediSearchIndex)Index).FilterAsync(new VectorFilter { Tenant = "tidewater", Language = "en" }, 2, CancellationToken.None);

        Assert.Equal(4, result.Total);
        Assert.Equal(2, result.Hits.Count);
        Assert.All(result.Hits, hit => Assert.True(hit.Fields.ContainsKey("title")));
    }

    [SkippableTheory]
    [InlineData(VectorMetric.L2)]
    [InlineData(VectorMetric.InnerProduct)]
    public async Task OtherMetricsReportTheirRawDistanceAndNoSimilarity(VectorMetric metric)
    {
        SkipUnlessReachable();
        var other = new RediSearchIndex(Redis!, NewSchema() with { Metric = metric });
        try
        {
            await other.UpsertAsync(new VectorDocument(
                "a", [1, 0, 0, 0], new Dictionary<string, string>(), new Dictionary<string, double>(), new Dictionary<string, string>()), CancellationToken.None);
            await other.UpsertAsync(new VectorDocument(
                "b", [0, 2, 0, 0], new Dictionary<string, string>(), new Dictionary<string, double>(), new Dictionary<string, string>()), CancellationToken.None);

            var result = await other.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 2 }, CancellationToken.None);

            Assert.Equal(["a", "b"], result.Hits.Select(hit => hit.Id));
            Assert.All(result.Hits, hit => Assert.Null(hit.Similarity));
            // L2 reports the squared distance (0, then 1 + 4); IP reports 1 - dot (0, then 1).
            Assert.Equal(metric == VectorMetric.L2 ? 5 : 1, result.Hits[1].Distance!.Value, 4);
        }
        finally
        {
            await DeleteAsync(Redis!, other);
        }
    }

    protected override string RebuildLockKey => $"idx:{{{Index.Schema.Name}}}:rebuild-lock";

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new RediSearchIndex(redis, schema);

    protected override Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index) => DropAsync(redis, index);

    /// <summary>Drops every version of the index with its hashes, and its state keys.</summary>
    internal static async Task DropAsync(IConnectionMultiplexer redis, IVectorIndex index)
    {
        var database = redis.GetDatabase();
        var versionPrefix = $"idx:{index.Schema.Name}:";
        foreach (var name in ((RedisResult[])(await database.ExecuteAsync("FT._LIST"))!).Select(name => name.ToString()))
        {
            if (name.StartsWith(versionPrefix, StringComparison.Ordinal))
            {
                await database.ExecuteAsync("FT.DROPINDEX", name, "DD");
            }
        }

        var state = $"idx:{{{index.Schema.Name}}}";
        await database.KeyDeleteAsync([$"{state}:live", $"{state}:versions", $"{state}:rebuild-lock", $"{state}:rebuild-status"]);
    }

    private static async IAsyncEnumerable<VectorDocument> Empty()
    {
        await Task.CompletedTask;
        yield break;
    }
}
