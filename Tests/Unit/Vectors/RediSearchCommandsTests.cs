using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class RediSearchCommandsTests
{
    private static readonly VectorIndexSchema Recorded = RecordedReplies.RecordedSchema;
    private static readonly float[] East = [1, 0, 0, 0];
    private static readonly VectorFilter RecordedFilter = new()
    {
        Tenant = "tidewater",
        Language = "en",
        UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(1714521600),
    };

    [Fact]
    public void TheRecordedSchemaCreatesExactlyTheRecordedHnswCosineIndex()
    {
        AssertRecorded("ft-create-hnsw", RediSearchCommands.CreateIndex(Recorded));
    }

    [Fact]
    public void AFlatL2SchemaCreatesExactlyTheRecordedVersionedIndex()
    {
        var schema = Recorded with
        {
            Name = "idx:embeddings:v2",
            Algorithm = VectorAlgorithm.Flat,
            Metric = VectorMetric.L2,
            NumericFields = [new NumericField("updated_at")],
        };

        AssertRecorded("ft-create-flat-v2", RediSearchCommands.CreateIndex(schema));
    }

    [Fact]
    public void AnInnerProductSchemaWithServerDefaultsSendsNoHnswParameters()
    {
        var schema = new VectorIndexSchema
        {
            Name = "idx:ip",
            Dimension = 4,
            Metric = VectorMetric.InnerProduct,
            M = null,
            EfConstruction = null,
            TagFields = ["tenant"],
            NumericFields = [],
            TextFields = [],
        };

        AssertRecorded("ft-create-ip", RediSearchCommands.CreateIndex(schema));
    }

    [Fact]
    public void AFlatSchemaWithOnlyAVectorBuildsTheRecordedDuplicateCreate()
    {
        var schema = new VectorIndexSchema
        {
            Name = "idx:embeddings",
            Dimension = 4,
            Algorithm = VectorAlgorithm.Flat,
            Metric = VectorMetric.L2,
            TagFields = [],
            NumericFields = [],
            TextFields = [],
        };

        AssertRecorded("ft-create-duplicate", RediSearchCommands.CreateIndex(schema));
    }

    [Fact]
    public void AnEfRuntimeSetOnTheSchemaIsSentAtCreation()
    {
        var command = RediSearchCommands.CreateIndex(Recorded with { EfRuntime = 20 });

        Assert.Equal(["embedding", "VECTOR", "HNSW", "12"], command.Args.Skip(5).Take(4));
        Assert.Equal(["EF_RUNTIME", "20"], command.Args.Skip(19).Take(2));
    }

    [Fact]
    public void TheRecordedHybridQueryIsBuiltExactlyAsRecorded()
    {
        var query = new KnnQuery { Vector = East, K = 5, Filter = RecordedFilter, ReturnFields = ["title", "score"] };

        AssertRecorded("ft-search-hybrid-knn", RediSearchCommands.Knn(Recorded, "idx:embeddings", query));
    }

    [Fact]
    public void AHybridQueryWithALimitIsBuiltExactlyAsRecorded()
    {
        var query = new KnnQuery { Vector = East, K = 5, Filter = RecordedFilter, ReturnFields = ["title", "score"], Limit = 2 };

        AssertRecorded("ft-search-hybrid-knn-limit", RediSearchCommands.Knn(Recorded, "idx:embeddings", query));
    }

    [Fact]
    public void AQueryWithoutFilterSearchesEveryDocument()
    {
        var query = new KnnQuery { Vector = East, K = 3, ReturnFields = ["score"] };

        AssertRecorded("ft-search-knn-no-filter", RediSearchCommands.Knn(Recorded, "idx:embeddings", query));
    }

    [Fact]
    public void APerQueryEfRuntimeIsPassedAsAParameter()
    {
        var query = new KnnQuery
        {
            Vector = [0, 1, 0, 0],
            K = 3,
            Filter = new VectorFilter { Tenant = "tidewater" },
            EfRuntime = 50,
            ReturnFields = ["score"],
        };

        AssertRecorded("ft-search-knn-ef-runtime", RediSearchCommands.Knn(Recorded, "idx:embeddings", query));
    }

    [Fact]
    public void AQueryReturningEveryFieldSendsNoReturnClause()
    {
        var query = new KnnQuery { Vector = East, K = 5, Filter = new VectorFilter { Tenant = "nobody" } };

        AssertRecorded("ft-search-no-match", RediSearchCommands.Knn(Recorded, "idx:embeddings", query));
    }

    [Fact]
    public void AHostileTenantIsSentEscapedExactlyAsRecorded()
    {
        var query = new KnnQuery { Vector = East, K = 5, Filter = new VectorFilter { Tenant = "x} | @tenant:{tidewater" }, SortByScore = false };

        var command = RediSearchCommands.Knn(Recorded, "idx:embeddings", query);

        AssertRecorded("ft-search-escaped-tag-injection", command);
        Assert.NotEqual(RecordedReplies.Command("ft-search-unescaped-tag-injection"), RecordedReplies.Show(command));
    }

    [Fact]
    public void AQueryThroughTheAliasIsBuiltExactlyAsRecorded()
    {
        var query = new KnnQuery
        {
            Vector = East,
            K = 3,
            Filter = new VectorFilter { Tenant = "tidewater", Language = "en" },
            ReturnFields = ["title", "score"],
        };

        AssertRecorded("ft-search-via-alias-l2", RediSearchCommands.Knn(Recorded, "embeddings", query));
    }

    [Fact]
    public void AnInnerProductQueryIsBuiltExactlyAsRecorded()
    {
        var query = new KnnQuery { Vector = East, K = 3, Filter = new VectorFilter { Tenant = "tidewater" }, ReturnFields = ["score"] };

        AssertRecorded("ft-search-ip", RediSearchCommands.Knn(Recorded with { Name = "idx:ip" }, "idx:ip", query));
    }

    [Fact]
    public void AVectorRangeQueryIsBuiltExactlyAsRecorded()
    {
        var query = new VectorRangeQuery { Vector = East, Radius = 0.1, ReturnFields = ["score"] };

        AssertRecorded("ft-search-range", RediSearchCommands.Range(Recorded, "idx:embeddings", query));
    }

    [Fact]
    public void AVectorRangeQueryWithAFilterAddsTheEscapedConditions()
    {
        var query = new VectorRangeQuery { Vector = East, Radius = 0.25, Filter = new VectorFilter { Tenant = "a b" } };

        var command = RediSearchCommands.Range(Recorded, "idx:embeddings", query);

        Assert.Equal(@"@embedding:[VECTOR_RANGE $r $vec]=>{$YIELD_DISTANCE_AS: score} @tenant:{a\ b}", command.Args[1]);
        var parameters = command.Args.SkipWhile(argument => !Equals(argument, "PARAMS")).ToList();
        Assert.Equal(["PARAMS", "4", "r", "0.25", "vec"], parameters.Take(5));
    }

    [Fact]
    public void AFilterOnlyQueryIsBuiltExactlyAsRecorded()
    {
        var command = RediSearchCommands.FilterOnly(Recorded, "idx:embeddings", new VectorFilter { Tenant = "beancraft" }, ["title"]);

        AssertRecorded("ft-search-filter-only", command);
    }

    [Fact]
    public void AnEmptyFilterOnlyQueryMatchesEverything()
    {
        var command = RediSearchCommands.FilterOnly(Recorded, "idx:embeddings", VectorFilter.None);

        Assert.Equal("*", command.Args[1]);
    }

    [Fact]
    public void ACountIsAFilterOnlyQueryThatReturnsNoDocuments()
    {
        var command = RediSearchCommands.FilterOnly(Recorded, "idx:embeddings", new VectorFilter { Tenant = "tidewater" }, limit: 0);

        Assert.Equal(["idx:embeddings", "@tenant:{tidewater}", "LIMIT", "0", "0", "DIALECT", "2"], command.Args);
    }

    [Fact]
    public void AKnnQueryAskingForMoreThanTenNeighboursAsksForThemAll()
    {
        var command = RediSearchCommands.Knn(Recorded, "idx:embeddings", new KnnQuery { Vector = East, K = 50 });

        Assert.Equal(["LIMIT", "0", "50"], command.Args.SkipWhile(argument => !Equals(argument, "LIMIT")).Take(3));
    }

    [Fact]
    public void TheWrongVectorSizeIsRefusedBeforeAnythingIsSent()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RediSearchCommands.Knn(Recorded, "idx:embeddings", new KnnQuery { Vector = [1, 0], K = 3 }));

        Assert.Equal("vector", error.ParamName);
        Assert.Contains("2 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void AKOutOfRangeIsRefused(int k)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            RediSearchCommands.Knn(Recorded, "idx:embeddings", new KnnQuery { Vector = East, K = k }));

        Assert.Equal("k", error.ParamName);
    }

    [Fact]
    public void AliasCommandsAreBuiltExactlyAsRecorded()
    {
        AssertRecorded("ft-aliasadd", RediSearchCommands.AliasAdd("embeddings", "idx:embeddings"));
        AssertRecorded("ft-aliasupdate", RediSearchCommands.AliasUpdate("embeddings", "idx:embeddings:v2"));
    }

    [Fact]
    public void InfoAndDropIndexAreBuiltExactlyAsRecorded()
    {
        AssertRecorded("ft-info", RediSearchCommands.Info("idx:embeddings"));
        AssertRecorded("ft-dropindex", RediSearchCommands.DropIndex("idx:ip"));
        Assert.Equal(["idx:ip", "DD"], RediSearchCommands.DropIndex("idx:ip", deleteDocuments: true).Args);
    }

    [Fact]
    public void VectorsAreLittleEndianFloat32Bytes()
    {
        var bytes = VectorEncoding.ToFloat32Bytes([1f, -2.5f]);

        Assert.Equal([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0], bytes);
        Assert.Equal([1f, -2.5f], VectorEncoding.FromFloat32Bytes(bytes));
    }

    // Every argument as recorded; NRedisStack orders FT.SEARCH's clauses its own way and leaves out FT.CREATE's
    // default ON HASH, which the server reads the same.
    private static void AssertRecorded(string name, RediSearchCommand command) =>
        Assert.Equal(
            RecordedReplies.AsServerReadsIt(RecordedReplies.Command(name)),
            RecordedReplies.AsServerReadsIt(RecordedReplies.Show(command)));
}
