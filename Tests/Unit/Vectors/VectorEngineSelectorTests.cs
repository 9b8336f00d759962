using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorEngineSelectorTests
{
    private static readonly RedisServerInfo Both = new(new Version(8, 2, 0), HasVectorSets: true, HasQueryEngine: true);
    private static readonly RedisServerInfo VectorSetsOnly = new(new Version(8, 0, 2), HasVectorSets: true, HasQueryEngine: false);
    private static readonly RedisServerInfo QueryEngineOnly = new(new Version(7, 2, 4), HasVectorSets: false, HasQueryEngine: true);
    private static readonly RedisServerInfo Neither = new(new Version(7, 0, 15), HasVectorSets: false, HasQueryEngine: false);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void AutoPrefersTheQueryEngine(string? setting)
    {
        Assert.Equal(VectorEngine.RediSearch, VectorEngineSelector.Choose(Both, setting));
        Assert.Equal(VectorEngine.RediSearch, VectorEngineSelector.Choose(QueryEngineOnly, setting));
        Assert.Equal(VectorEngine.VectorSets, VectorEngineSelector.Choose(VectorSetsOnly, setting));
    }

    [Fact]
    public void AnEngineTheServerOffersCanBeForced() =>
        Assert.Equal(VectorEngine.VectorSets, VectorEngineSelector.Choose(Both, "vectorsets"));

    [Fact]
    public void AServerWithNeitherEngineFailsSayingWhatToRun()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VectorEngineSelector.Choose(Neither, "auto"));

        Assert.Contains("Redis 7.0.15 offers neither", error.Message, StringComparison.Ordinal);
        Assert.Contains("Redis 8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RediSearch", "has no query engine")]
    [InlineData("VectorSets", "has no Vector Sets")]
    public void AForcedEngineTheServerLacksFailsNamingTheSetting(string setting, string reason)
    {
        var server = setting == "RediSearch" ? VectorSetsOnly : QueryEngineOnly;

        var error = Assert.Throws<InvalidOperationException>(() => VectorEngineSelector.Choose(server, setting));

        Assert.Contains("Vectors:Engine asks for", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownEngineIsRefused() =>
        Assert.Contains("use auto, RediSearch or VectorSets", Assert.Throws<ArgumentException>(() => VectorEngineSelector.Choose(Both, "faiss")).Message, StringComparison.Ordinal);
}
