using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>The cold tier's KNN queries, on the hot tier contract's seed, against the hot tier's answers.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ColdTierSearchTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly VectorFilter TidewaterEnglishFresh = new() { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff };

    private IsolatedPostgresSchema? database;
    private PostgresColdTier? tier;

    private IsolatedPostgresSchema Database => database!;

    private PostgresColdTier Tier => tier!;

    public async Task InitializeAsync()
    {
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        tier = await Database.MigratedTierAsync(NewSchema());
        await Tier.UpsertAsync(Seed(), CancellationToken.None);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AHybridQueryReturnsTheClosestDocumentsThatPassTheFilterClosestFirst(bool exact)
    {
        var result = await Tier.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = TidewaterEnglishFresh }, exact, CancellationToken.None);

        Assert.Equal(["1", "2", "6"], result.Hits.Select(hit => hit.Id));
        Assert.Equal(3, result.Total);
        Assert.Equal("Insulin storage policy v3", result.Hits[0].Fields["title"]);
        Assert.Equal(1.0, result.Hits[0].Similarity!.Value, 3);
        Assert.Equal(0.0, result.Hits[0].Distance!.Value, 3);
        Assert.Equal(0.0, result.Hits[2].Similarity!.Value, 3);
        Assert.Equal(1.0, result.Hits[2].Distance!.Value, 3);
    }

    [Fact]
    public async Task ScoresAreTheCosineOfTheVectors()
    {
        var result = await Tier.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = "tidewater", Language = "fr" } }, exact: false, CancellationToken.None);

        var expected = 0.95 / Math.Sqrt((0.95 * 0.95) + (0.05 * 0.05));
        Assert.Equal(expected, result.Hits.Single().Similarity!.Value, 4);
        Assert.Equal(1 - expected, result.Hits.Single().Distance!.Value, 4);
    }

    [Fact]
    public async Task HitsLookExactlyLikeTheHotTiers()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var hot = new VectorSetsIndex(redis, NewSchema() with { Name = $"cold{Guid.NewGuid():N}", Quantization = VectorQuantization.NoQuantization });
        try
        {
            foreach (var document in Seed())
            {
                await hot.UpsertAsync(document.ToVectorDocument(Tier.Schema), CancellationToken.None);
            }

            foreach (var filter in new[] { VectorFilter.None, TidewaterEnglishFresh, new VectorFilter { Tenant = "beancraft" } })
            {
                var query = new KnnQuery { Vector = [0.8f, 0.3f, 0.1f, 0], K = 4, Filter = filter };
                var cold = await Tier.SearchAsync(query, exact: false, CancellationToken.None);
                var expected = await hot.SearchAsync(query, CancellationToken.None);

                Assert.Equal(expected.Hits.Select(hit => hit.Id), cold.Hits.Select(hit => hit.Id));
                Assert.All(expected.Hits.Zip(cold.Hits), pair =>
                {
                    Assert.Equal(pair.First.Distance!.Value, pair.Second.Distance!.Value, 4);
                    Assert.Equal(pair.First.Similarity!.Value, pair.Second.Similarity!.Value, 4);
                    Assert.Equal(pair.First.Fields, pair.Second.Fields);
                });
            }
        }
        finally
        {
            await hot.DropAsync(CancellationToken.None);
        }
    }

    [Theory]
    [InlineData(VectorMetric.InnerProduct, 0.5, -1.0)]
    [InlineData(VectorMetric.L2, 0.5, 1.0)]
    public async Task InnerProductAndL2DistancesAreInRediSearchsUnits(VectorMetric metric, double halfwayDistance, double doubledDistance)
    {
        await using var other = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        var measured = await other.MigratedTierAsync(NewSchema() with { Metric = metric });
        await measured.UpsertAsync([Document("halfway", [0.5f, 0.5f, 0, 0]), Document("doubled", [2, 0, 0, 0])], CancellationToken.None);

        var result = await measured.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 2 }, exact: false, CancellationToken.None);

        // RediSearch: IP is 1 - dot (dot 0.5 and 2), L2 the squared Euclidean distance (0.5 and 1); neither has a similarity.
        var distances = result.Hits.ToDictionary(hit => hit.Id, hit => hit.Distance!.Value);
        Assert.Equal(halfwayDistance, distances["halfway"], 5);
        Assert.Equal(doubledDistance, distances["doubled"], 5);
        Assert.Equal(result.Hits.Select(hit => hit.Distance).Order(), result.Hits.Select(hit => hit.Distance));
        Assert.All(result.Hits, hit => Assert.Null(hit.Similarity));
    }

    [Fact]
    public async Task AQueryWithItsOwnEfRuntimeFindsTheSameDocuments()
    {
        var result = await Tier.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 3, Filter = TidewaterEnglishFresh, EfRuntime = 2 }, exact: false, CancellationToken.None);

        Assert.Equal(["1", "2", "6"], result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task MetadataTagsAndRangesFilterLikeColumns()
    {
        var schema = NewSchema() with
        {
            TagFields = ["tenant", "language", "source"],
            NumericFields = [new NumericField("updated_at"), new NumericField("version")],
        };
        await using var other = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        var filtered = await other.MigratedTierAsync(schema);
        await filtered.UpsertAsync(
        [
            Document("v1", [1, 0, 0, 0], metadata: """{"source": "wiki", "version": 1}"""),
            Document("v2", [0.9f, 0.1f, 0, 0], metadata: """{"source": "wiki", "version": 2}"""),
            Document("v3", [0.8f, 0.2f, 0, 0], metadata: """{"source": "wiki", "version": 3.5}"""),
            Document("text", [0.7f, 0.3f, 0, 0], metadata: """{"source": "wiki", "version": "2"}"""),
            Document("mail", [0.6f, 0.4f, 0, 0], metadata: """{"source": "mail", "version": 2}"""),
        ], CancellationToken.None);

        var result = await filtered.SearchAsync(
            new KnnQuery
            {
                Vector = [1, 0, 0, 0],
                K = 10,
                Filter = new VectorFilter
                {
                    Tags = new Dictionary<string, string> { ["source"] = "wiki" },
                    Ranges = new Dictionary<string, NumericRange> { ["version"] = new(Min: 1, Max: 3.5, MinExclusive: true) },
                },
            },
            exact: false,
            CancellationToken.None);

        Assert.Equal(["v2", "v3"], result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task UpdatedBeforeLeavesOutTheInstantItself()
    {
        var result = await Tier.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 10, Filter = new VectorFilter { UpdatedBefore = DateTimeOffset.FromUnixTimeSeconds(Fresh) } },
            exact: false,
            CancellationToken.None);

        Assert.Equal(["5"], result.Hits.Select(hit => hit.Id));
    }

    [Theory]
    [InlineData("x' OR '1'='1")]
    [InlineData("tidewater'; DROP TABLE documents; --")]
    [InlineData("x} | @tenant:{tidewater")]
    [InlineData("tidewater*")]
    [InlineData("%")]
    public async Task AHostileTenantMatchesNothingAndTheTableRemains(string tenant)
    {
        var result = await Tier.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = tenant } }, exact: false, CancellationToken.None);

        Assert.Empty(result.Hits);
        Assert.Equal(6, await Tier.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AFilterOnAFieldTheSchemaLacksIsRefusedNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Tier.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tags = new Dictionary<string, string> { ["x"] = "1" } } },
            exact: false,
            CancellationToken.None));

        Assert.Equal("filters.x", error.ParamName);
    }

    [Fact]
    public async Task AVectorOfTheWrongDimensionIsRefusedSayingExpectedAndActual()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Tier.SearchAsync(new KnnQuery { Vector = [1, 0, 0], K = 1 }, exact: false, CancellationToken.None));

        Assert.Equal("vector", error.ParamName);
        Assert.Contains("has 3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 4", error.Message, StringComparison.Ordinal);
    }

    private static VectorIndexSchema NewSchema() => new() { Name = "cold", Dimension = 4 };
}
