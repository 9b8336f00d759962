using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorDocumentTests
{
    private static readonly VectorIndexSchema Schema = new() { Name = "embeddings", Dimension = 2 };

    [Fact]
    public void ADocumentOfTheSchemasFieldsIsValid() => Document().Validate(Schema);

    [Theory]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("line\nbreak")]
    public void ABadIdIsRefused(string id) =>
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => (Document() with { Id = id }).Validate(Schema)).ParamName);

    [Fact]
    public void AVectorOfTheWrongDimensionIsRefusedSayingExpectedAndActual()
    {
        var error = Assert.Throws<ArgumentException>(() => (Document() with { Vector = [1, 2, 3] }).Validate(Schema));

        Assert.Equal("vector", error.ParamName);
        Assert.Contains("has 3 dimensions; index 'embeddings' expects 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonFiniteComponentIsRefused() =>
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => (Document() with { Vector = [1, float.NaN] }).Validate(Schema)).ParamName);

    [Fact]
    public void AFieldTheSchemaDoesNotNameIsRefusedNamingIt()
    {
        Assert.Equal("tags.colour", Assert.Throws<ArgumentException>(() =>
            (Document() with { Tags = new Dictionary<string, string> { ["colour"] = "blue" } }).Validate(Schema)).ParamName);
        Assert.Equal("numbers.tenant", Assert.Throws<ArgumentException>(() =>
            (Document() with { Numbers = new Dictionary<string, double> { ["tenant"] = 1 } }).Validate(Schema)).ParamName);
        Assert.Equal("texts.body", Assert.Throws<ArgumentException>(() =>
            (Document() with { Texts = new Dictionary<string, string> { ["body"] = "x" } }).Validate(Schema)).ParamName);
    }

    [Fact]
    public void AnEmptyTagValueIsRefused() =>
        Assert.Equal("tags.tenant", Assert.Throws<ArgumentException>(() =>
            (Document() with { Tags = new Dictionary<string, string> { ["tenant"] = " " } }).Validate(Schema)).ParamName);

    private static VectorDocument Document() => new(
        "doc-1",
        [0.6f, 0.8f],
        new Dictionary<string, string> { ["tenant"] = "tidewater", ["language"] = "en" },
        new Dictionary<string, double> { ["updated_at"] = 1714600000 },
        new Dictionary<string, string> { ["title"] = "Insulin storage" });
}
