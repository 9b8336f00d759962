using RedisAspire.Core.Answers.Semantic;

namespace RedisAspire.Tests.Unit.Answers.Semantic;

[Trait("Category", "Unit")]
public sealed class SemanticScopeTests
{
    [Theory]
    [InlineData("tide water", "ctx", "gen", 1, "tenant")]
    [InlineData("tidewater", "", "gen", 1, "contextHash")]
    [InlineData("tidewater", "ctx", "gen\u0001", 1, "generatorId")]
    [InlineData("tidewater", "ctx", "gen", 0, "embeddingVersion")]
    public void AnInvalidPartIsRefusedNamingIt(string tenant, string context, string generator, int version, string field)
    {
        var error = Assert.Throws<ArgumentException>(() => new SemanticScope(tenant, context, generator, version).Validate());

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void EveryKeyOfATenantSharesTheTenantsHashTag()
    {
        var keys = new SemanticAnswerKeys("answers");

        Assert.Equal("answers:semantic:{tenant:tidewater}:entries", keys.Entries("tidewater"));
        Assert.Equal("answers:semantic:{tenant:tidewater}:entry:1.4.x", keys.Entry("tidewater", "1.4.x"));
        Assert.Equal("answers:semantic:{tenant:tidewater}:cites:doc{1}", keys.Cites("tidewater", "doc{1}"));
    }

    [Fact]
    public void AKeyIsNeverBuiltForAnInvalidTenant()
    {
        var error = Assert.Throws<ArgumentException>(() => new SemanticAnswerKeys("answers").Entries("tide}water"));

        Assert.Equal("tenant", error.ParamName);
    }

    [Fact]
    public void AnEntryIdNamesTheIndexOfItsQuestion()
    {
        var id = SemanticEntryId.New(embeddingVersion: 3, dimension: 384);

        Assert.Equal(id, SemanticEntryId.Parse(id.Id));
        Assert.StartsWith("3.384.", id.Id, StringComparison.Ordinal);
        Assert.Null(SemanticEntryId.Parse("doc:1"));
    }

    [Fact]
    public void TheIndexOfEachEmbeddingVersionHasItsOwnNameAndKeys()
    {
        var options = new SemanticAnswerCacheOptions();

        var first = SemanticAnswerCache.Schema(options, 1, 384);
        var second = SemanticAnswerCache.Schema(options, 2, 768);

        Assert.Equal(("answers", "answers:question:", 384), (first.Name, first.KeyPrefix, first.Dimension));
        Assert.Equal(("answers_v2", "answers:question:e2:", 768), (second.Name, second.KeyPrefix, second.Dimension));
        first.Validate();
    }
}
