using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorEngineSelectorTests
{
    private static readonly RedisServerInfo Both = new(new Version(8, 2, 0), HasVectorSets: true, HasQueryEngine: true);
    private static readonly RedisServerInfo VectorSetsOnly = new(new Version(8, 0, 2), HasVectorSets: true, HasQueryEngine: false);
    private static readonly RedisServerInfo QueryEngineOnly = new(new Version(7, 2, 4), HasVectorSets: false, HasQueryEngine: true);
    private static readonly RedisServerInfo Neither = new(new Version(7, 0, 15), HasVectorSets: false, HasQueryEngine: false);

    // As AddVectorHotTier registers them: the query engine preferred.
    private static readonly VectorEngineSelector Selector = new([new RediSearchEngine(), new VectorSetsEngine()]);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void AutoPrefersTheQueryEngine(string? setting)
    {
        Assert.Equal(RediSearchEngine.EngineName, Selector.Choose(Both, setting).Name);
        Assert.Equal(RediSearchEngine.EngineName, Selector.Choose(QueryEngineOnly, setting).Name);
        Assert.Equal(VectorSetsEngine.EngineName, Selector.Choose(VectorSetsOnly, setting).Name);
    }

    [Fact]
    public void AnEngineTheServerOffersCanBeForced() =>
        Assert.Equal(VectorSetsEngine.EngineName, Selector.Choose(Both, "vectorsets").Name);

    [Fact]
    public void AServerWithNeitherEngineFailsSayingWhatToRun()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Selector.Choose(Neither, "auto"));

        Assert.Contains("Redis 7.0.15 offers neither", error.Message, StringComparison.Ordinal);
        Assert.Contains("Redis 8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RediSearch", "has no query engine")]
    [InlineData("VectorSets", "has no Vector Sets")]
    public void AForcedEngineTheServerLacksFailsNamingTheSetting(string setting, string reason)
    {
        var server = setting == "RediSearch" ? VectorSetsOnly : QueryEngineOnly;

        var error = Assert.Throws<InvalidOperationException>(() => Selector.Choose(server, setting));

        Assert.Contains("Vectors:Engine asks for", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownEngineIsRefused() =>
        Assert.Contains("use auto, RediSearch or VectorSets", Assert.Throws<ArgumentException>(() => Selector.Choose(Both, "faiss")).Message, StringComparison.Ordinal);
}
