using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>The hot-tier contract on Vector Sets, on the local Redis 8.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsIndexTests(LocalServersFixture servers) : VectorSetsOnSharedRedis(servers)
{
    [Fact]
    public void AMetricOtherThanCosineIsRefusedPointingToTheOtherEngine()
    {
        var error = Assert.Throws<ArgumentException>(() => new VectorSetsIndex(Redis!, NewSchema() with { Metric = VectorMetric.L2 }));

        Assert.Contains("RediSearch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachTenantsDocumentsLiveInASetOfTheirOwnHashTaggedByIndexAndTenant()
    {
        var index = (VectorSetsIndex)Index;
        var database = Redis!.GetDatabase();

        Assert.Equal($"{{{Index.Schema.Name}:tidewater}}", index.TenantSetKey("tidewater"));
        Assert.Equal(5, (long)await database.ExecuteAsync("VCARD", index.TenantSetKey("tidewater")));
        Assert.Equal(1, (long)await database.ExecuteAsync("VCARD", index.TenantSetKey("beancraft")));
        Assert.False(await database.KeyExistsAsync(index.SetKey));
        Assert.Equal(6, await Index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ATenantsQueryReadsItsSetAloneAndNeedsNoFilterForTheTenant()
    {
        var query = new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = "beancraft" } };

        var arguments = VectorSetsIndex.KnnArguments(Index.Schema, query);
        var result = await Index.SearchAsync(query, CancellationToken.None);

        Assert.Equal(((VectorSetsIndex)Index).TenantSetKey("beancraft"), arguments[0]);
        Assert.DoesNotContain("FILTER", arguments);
        Assert.Equal(["4"], result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task AQueryNamingNoTenantKeepsTheNearestOfEveryTenantsSetAndOfDocumentsWithoutOne()
    {
        await Index.UpsertAsync(Untenanted("7", [0.97f, 0.03f, 0, 0]), CancellationToken.None);

        var result = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 4 }, CancellationToken.None);
        var english = await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 3, Filter = new VectorFilter { Language = "en" } }, CancellationToken.None);

        Assert.Equal(["1", "4", "5", "7"], result.Hits.Select(hit => hit.Id));
        Assert.Equal(["1", "4", "5"], english.Hits.Select(hit => hit.Id));
        Assert.Equal(7, await Index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AWriteThatMovesADocumentToAnotherTenantTakesItOutOfTheFormersSet()
    {
        var index = (VectorSetsIndex)Index;
        var moved = (await Index.GetAsync("4", CancellationToken.None))! with { Tags = new Dictionary<string, string> { ["tenant"] = "tidewater", ["language"] = "en" } };

        await Index.UpsertAsync(moved, CancellationToken.None);

        var database = Redis!.GetDatabase();
        Assert.False(await database.KeyExistsAsync(index.TenantSetKey("beancraft")));
        Assert.Equal(6, (long)await database.ExecuteAsync("VCARD", index.TenantSetKey("tidewater")));
        Assert.Equal("tidewater", (await Index.GetAsync("4", CancellationToken.None))!.Tags["tenant"]);
        Assert.True(await Index.DeleteAsync("4", CancellationToken.None));
        Assert.Empty(await Index.ContainsAsync(["4"], CancellationToken.None));
        Assert.Equal(5, await Index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DocumentsWrittenBeforeTheIndexWasPartitionedAreFoundThenMovedToTheirTenantsSetByARebuild()
    {
        // One set for every tenant, elements without owners: how an index written before partitioning looks.
        var index = (VectorSetsIndex)Index;
        var database = Redis!.GetDatabase();
        await database.ExecuteAsync("VADD", index.SetKey, "VALUES", 4, 0, 0, 1, 0, "old", "NOQUANT", "SETATTR", """{"tenant":"harbor","title":"Old"}""");
        var acme = new KnnQuery { Vector = [0, 0, 1, 0], K = 1, Filter = new VectorFilter { Tenant = "harbor" } };

        var before = await Index.SearchAsync(acme, CancellationToken.None);
        var found = await Index.GetAsync("old", CancellationToken.None);
        await Index.RebuildAsync(source: null, CancellationToken.None);
        var after = await Index.SearchAsync(acme, CancellationToken.None);

        Assert.Empty(before.Hits);
        Assert.Equal("harbor", found!.Tags["tenant"]);
        Assert.Equal(["old"], after.Hits.Select(hit => hit.Id));
        Assert.False(await database.KeyExistsAsync(index.SetKey));
        Assert.Equal(7, await Index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ARebuildDeletesTheSetOfATenantItsSourceNoLongerHolds()
    {
        var index = (VectorSetsIndex)Index;
        var kept = await Index.GetAsync("1", CancellationToken.None);

        await Index.RebuildAsync(new[] { kept! }.ToAsyncEnumerable(), CancellationToken.None);

        Assert.False(await Redis!.GetDatabase().KeyExistsAsync(index.TenantSetKey("beancraft")));
        Assert.Empty((await Index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = "beancraft" } }, CancellationToken.None)).Hits);
        Assert.Equal(1, await Index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task TenantsThatWouldEndTheHashTagOrLookLikeAnotherKeyAreWrittenEncoded()
    {
        var index = (VectorSetsIndex)Index;
        var tenant = "acme}:rebuild:x";
        await Index.UpsertAsync(Untenanted("8", [0, 0, 0, 1]) with { Tags = new Dictionary<string, string> { ["tenant"] = tenant } }, CancellationToken.None);

        var result = await Index.SearchAsync(new KnnQuery { Vector = [0, 0, 0, 1], K = 3, Filter = new VectorFilter { Tenant = tenant } }, CancellationToken.None);

        Assert.Equal($"{{{Index.Schema.Name}:acme%7D%3Arebuild%3Ax}}", index.TenantSetKey(tenant));
        Assert.Equal(["8"], result.Hits.Select(hit => hit.Id));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 3)]
    public async Task FilterEfBoundsHowManyCandidatesAFilteredQueryInspects(int filterEf, int expected)
    {
        var bounded = new VectorSetsIndex(Redis!, Index.Schema with { FilterEf = filterEf });

        // Three documents pass the filter; inspecting one candidate finds at most one of them.
        var result = await bounded.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff } },
            CancellationToken.None);

        Assert.InRange(result.Hits.Count, expected == 1 ? 0 : expected, expected);
    }

    [Fact]
    public async Task ASetBuiltUnderOtherSettingsTakesWritesUntilARebuildAppliesTheNewOnes()
    {
        var changed = new VectorSetsIndex(Redis!, Index.Schema with { Quantization = VectorQuantization.Q8, M = 32 });

        await changed.UpsertAsync(new VectorDocument(
            "7", [0, 0, 1, 0], new Dictionary<string, string> { ["tenant"] = "tidewater" }, new Dictionary<string, double>(), new Dictionary<string, string>()),
            CancellationToken.None);
        var before = await changed.DescribeAsync(CancellationToken.None);
        await changed.RebuildAsync(source: null, CancellationToken.None);
        var after = await changed.DescribeAsync(CancellationToken.None);

        Assert.Equal(("f32", 7L), (before.Storage, before.Documents));
        Assert.Equal(("int8", 7L), (after.Storage, after.Documents));
        Assert.Equal("Insulin storage policy v3", (await changed.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 1 }, CancellationToken.None)).Hits[0].Fields["title"]);
    }

    private static VectorDocument Untenanted(string id, float[] vector) =>
        new(id, vector, new Dictionary<string, string>(), new Dictionary<string, double>(), new Dictionary<string, string>());
}
