using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>
/// The hot-tier contract on Vector Sets, and its partitions by tenant, on a shared Redis (one server, or a cluster), with a
/// connection of its own.
/// </summary>
public abstract class VectorSetsOnSharedRedis(ISharedRedis servers) : VectorIndexContract, IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    protected override string RebuildLockKey => $"{((VectorSetsIndex)Index).SetKey}:rebuild-lock";

    async Task IAsyncLifetime.InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await redis!.DisposeAsync();
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

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new VectorSetsIndex(redis, schema);

    protected override async Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index)
    {
        // Every key of the index begins with its name as a hash tag, alone ({name}: the untenanted set, owners, tenants,
        // rebuild state) or with a tenant ({name:tenant}: a tenant's sets), so the tenants' keys may sit on every
        // primary of a cluster.
        var name = index.Schema.Name;
        await SharedRedisKeys.DeleteAsync(redis, $"{{{name}}}*", $"{{{name}:*");
    }

    private static VectorDocument Untenanted(string id, float[] vector) =>
        new(id, vector, new Dictionary<string, string>(), new Dictionary<string, double>(), new Dictionary<string, string>());
}
