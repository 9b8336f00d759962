using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

/// <summary>A search's hot-tier query in both engines' syntax, as the engines' indexes send it.</summary>
[Trait("Category", "Unit")]
public sealed class HotTierQueriesTests
{
    private static readonly VectorIndexSchema Schema = new() { Name = "embeddings", Dimension = 4 };

    private static readonly VectorFilter Filter = new()
    {
        Tenant = "harbor-bistro",
        Language = "en-GB",
        UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(1714521600),
    };

    [Fact]
    public void AFilteredQueryIsTheFtSearchQueryStringWithItsParametersAndTheVsimFilterExpression()
    {
        var syntax = HotTierQueries.Render(Schema, new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = Filter })!;

        var rediSearch = syntax.RediSearch!;
        Assert.Equal("embeddings", rediSearch.Index);
        Assert.Equal(@"(@tenant:{harbor\-bistro} @language:{en\-GB} @updated_at:[1714521600 +inf])=>[KNN 5 @embedding $vec EF_RUNTIME $ef AS score]", rediSearch.Query);
        Assert.Equal(["vec", "ef"], rediSearch.Parameters);
        Assert.Equal(
            ["FT.SEARCH", "embeddings", rediSearch.Query, "SORTBY", "score", "RETURN", "5", "tenant", "language", "updated_at", "title", "score", "PARAMS", "4", "vec", "<vector: 16 bytes>", "ef", "100", "DIALECT", "2"],
            rediSearch.Command);
        var vectorSets = syntax.VectorSets!;
        Assert.Equal(("{embeddings:harbor-bistro}", ".language == \"en-GB\" and .updated_at >= 1714521600"), (vectorSets.Key, vectorSets.Filter));
        Assert.Equal(
            ["VSIM", "{embeddings:harbor-bistro}", "FP32", "<vector: 16 bytes>", "WITHSCORES", "COUNT", "5", "EF", "100", "FILTER", vectorSets.Filter!],
            vectorSets.Command);
    }

    [Fact]
    public void TheRediSearchCommandShownIsTheOneTheIndexSendsButForTheVectorsBytes()
    {
        var query = new KnnQuery { Vector = [0, 1, 0, 0], K = 12, Filter = Filter, EfRuntime = 300 };

        var shown = HotTierQueries.Render(Schema, query)!.RediSearch!.Command;

        var sent = RediSearchIndex.KnnCommand(Schema, query);
        Assert.Equal([sent.Name, .. sent.Args.Select(argument => argument as string ?? "<vector: 16 bytes>")], shown);
    }

    [Fact]
    public void ValuesThatLookLikeQuerySyntaxAreShownEscapedAndQuotedAsSent()
    {
        var hostile = "x\" or .tenant == \"other";
        var query = new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = "acme", Language = hostile, Tags = new Dictionary<string, string>() } };

        var syntax = HotTierQueries.Render(Schema, query)!;

        Assert.Equal(@"(@tenant:{acme} @language:{x\""\ or\ \.tenant\ \=\=\ \""other})=>[KNN 1 @embedding $vec EF_RUNTIME $ef AS score]", syntax.RediSearch!.Query);
        Assert.Equal(".language == 'x\" or .tenant == \"other'", syntax.VectorSets!.Filter);
    }

    [Fact]
    public void ATenantIsTheSetAVsimReadsNeverPartOfItsFilterWhateverItHolds()
    {
        var query = new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = "it's \"x\"} {y" } };

        var vectorSets = HotTierQueries.Render(Schema, query)!.VectorSets!;

        Assert.Equal(("{embeddings:it%27s%20%22x%22%7D%20%7By}", null), (vectorSets.Key, vectorSets.Filter));
    }

    [Fact]
    public void AQueryWithoutAFilterSearchesEverythingAndHasNoVsimFilter()
    {
        var syntax = HotTierQueries.Render(Schema with { Algorithm = VectorAlgorithm.Flat }, new KnnQuery { Vector = [1, 0, 0, 0], K = 3 })!;

        Assert.Equal("*=>[KNN 3 @embedding $vec AS score]", syntax.RediSearch!.Query);
        Assert.Equal(["vec"], syntax.RediSearch.Parameters);
        Assert.Null(syntax.VectorSets!.Filter);
        Assert.DoesNotContain("FILTER", syntax.VectorSets.Command);
    }

    [Fact]
    public void VectorSetsCannotWriteAQueryOfAnotherMetricOrAValueHoldingBothQuotes()
    {
        var l2 = HotTierQueries.Render(Schema with { Metric = VectorMetric.L2 }, new KnnQuery { Vector = [1, 0, 0, 0], K = 3 })!;
        var bothQuotes = HotTierQueries.Render(Schema, new KnnQuery { Vector = [1, 0, 0, 0], K = 3, Filter = new VectorFilter { Language = "it's \"x\"" } })!;

        Assert.Equal((true, false), (l2.RediSearch is not null, l2.VectorSets is not null));
        Assert.Equal((true, false), (bothQuotes.RediSearch is not null, bothQuotes.VectorSets is not null));
    }
}
