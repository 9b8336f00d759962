using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorSetsFilterTests
{
    private static readonly VectorIndexSchema Schema = new() { Name = "vset:embeddings", Dimension = 4 };

    [Fact]
    public void TheRecordedFilterRendersAsAnAttributeExpression()
    {
        var filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(1714521600) };

        Assert.Equal(".tenant == \"tidewater\" and .language == \"en\" and .updated_at >= 1714521600", VectorSetsFilter.Render(filter, Schema));
    }

    [Fact]
    public void NoConditionIsAnEmptyExpression() =>
        Assert.Equal(string.Empty, VectorSetsFilter.Render(VectorFilter.None, Schema));

    [Fact]
    public void AnUpperBoundIsExclusive()
    {
        var filter = new VectorFilter { UpdatedBefore = DateTimeOffset.FromUnixTimeSeconds(1714521600) };

        Assert.Equal(".updated_at < 1714521600", VectorSetsFilter.Render(filter, Schema));
    }

    [Theory]
    [InlineData("x\" or .tenant == \"other", "'x\" or .tenant == \"other'")]
    [InlineData("x' or .tenant == 'other", "\"x' or .tenant == 'other\"")]
    [InlineData("a\\b", "\"a\\b\"")]
    public void AHostileValueIsQuotedWithTheQuoteItDoesNotContain(string tenant, string literal) =>
        Assert.Equal($".tenant == {literal}", VectorSetsFilter.Render(new VectorFilter { Tenant = tenant }, Schema));

    [Fact]
    public void AValueWithBothQuotesIsRefusedNamingTheField()
    {
        var error = Assert.Throws<ArgumentException>(() => VectorSetsFilter.Render(new VectorFilter { Tenant = "it's \"x\"" }, Schema));

        Assert.Equal("filters.tenant", error.ParamName);
    }

    [Fact]
    public void AnUnknownFieldIsRefusedBeforeAnythingIsRendered()
    {
        var filter = new VectorFilter { Tags = new Dictionary<string, string> { ["colour"] = "red" } };

        Assert.Equal("filters.colour", Assert.Throws<ArgumentException>(() => VectorSetsFilter.Render(filter, Schema)).ParamName);
    }
}
