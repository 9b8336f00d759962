using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class ColdDocumentTests
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "cold",
        Dimension = 2,
        TagFields = ["tenant", "language", "source"],
        NumericFields = [new NumericField("updated_at"), new NumericField("version")],
        TextFields = ["title", "body", "summary"],
    };

    private static readonly ColdDocument Valid = new()
    {
        Id = "doc-1",
        Tenant = "tidewater",
        Language = "en",
        Title = "Title",
        Body = "Body",
        Metadata = """{"source": "wiki", "version": 4, "summary": "Short", "other": [1]}""",
        UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(1714600000).AddMilliseconds(900),
        ContentHash = ContentHash.Of("Body"),
        EmbeddingModel = "m",
        Vector = [0.6f, 0.8f],
    };

    [Fact]
    public void ADocumentStoredWholeIsItsOwnSourceAndAChunkNamesItsDocument()
    {
        Assert.Equal("doc-1", Valid.DocumentId);
        Assert.Equal("doc-1", (Valid with { DocumentId = null }).DocumentId);
        Assert.Equal("doc-1", (Valid with { Id = "doc-1#3", DocumentId = "doc-1" }).DocumentId);

        var error = Assert.Throws<ArgumentException>(() => (Valid with { DocumentId = "two words" }).Validate(Schema));
        Assert.Equal("documentId", error.ParamName);
    }

    [Fact]
    public void TheHotTierDocumentTakesColumnsAndTheSchemasMetadataFields()
    {
        var document = Valid.ToVectorDocument(Schema);

        document.Validate(Schema);
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "tidewater", ["language"] = "en", ["source"] = "wiki" }, document.Tags);
        Assert.Equal(new Dictionary<string, double> { ["updated_at"] = 1714600000, ["version"] = 4 }, document.Numbers);
        Assert.Equal(new Dictionary<string, string> { ["title"] = "Title", ["body"] = "Body", ["summary"] = "Short" }, document.Texts);
    }

    [Fact]
    public void AMetadataValueOfTheWrongKindIsLeftOut()
    {
        var document = (Valid with { Metadata = """{"source": {"nested": true}, "version": "4"}""" }).ToVectorDocument(Schema);

        Assert.False(document.Tags.ContainsKey("source"));
        Assert.False(document.Numbers.ContainsKey("version"));
    }

    [Theory]
    [InlineData("id")]
    [InlineData("tenant")]
    [InlineData("language")]
    [InlineData("contentHash")]
    [InlineData("embeddingModel")]
    [InlineData("vector")]
    [InlineData("metadata")]
    public void AnInvalidDocumentIsRefusedNamingTheField(string field)
    {
        var invalid = field switch
        {
            "id" => Valid with { Id = "has space" },
            "tenant" => Valid with { Tenant = " " },
            "language" => Valid with { Language = "" },
            "contentHash" => Valid with { ContentHash = "" },
            "embeddingModel" => Valid with { EmbeddingModel = "" },
            "vector" => Valid with { Vector = [float.NaN, 0] },
            _ => Valid with { Metadata = "not json" },
        };

        Assert.Equal(field, Assert.Throws<ArgumentException>(() => invalid.Validate(Schema)).ParamName);
    }
}
