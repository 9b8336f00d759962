using RedisAspire.Core.Ingestion;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class SourceDocumentTests
{
    private static readonly SourceDocument Valid = new()
    {
        Id = "menu-truffle-risotto",
        Tenant = "harbor-bistro",
        Language = "en",
        Title = "Truffle risotto",
        Body = "Carnaroli rice, aged parmesan and black truffle.",
        UpdatedAt = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero),
        Metadata = """{"category": "menu"}""",
    };

    [Fact]
    public void ADocumentWithEveryFieldIsValid() => Valid.Validate();

    [Fact]
    public void LanguageAndTitleMayBeUnknown() => (Valid with { Language = null, Title = null }).Validate();

    [Fact]
    public void AnIdTooLongToLeaveRoomForItsChunksIdsIsRefusedAndTheLongestThatDoesIsAccepted()
    {
        (Valid with { Id = new string('d', DocumentChunker.MaxDocumentIdLength) }).Validate();

        var error = Assert.Throws<ArgumentException>(() => (Valid with { Id = new string('d', DocumentChunker.MaxDocumentIdLength + 1) }).Validate());

        Assert.Equal("id", error.ParamName);
        Assert.Contains("chunk ids", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("tenant")]
    [InlineData("language")]
    [InlineData("body")]
    [InlineData("metadata")]
    public void AnInvalidDocumentIsRefusedNamingTheField(string field)
    {
        var invalid = field switch
        {
            "id" => Valid with { Id = "has space" },
            "tenant" => Valid with { Tenant = " " },
            "language" => Valid with { Language = "" },
            "body" => Valid with { Body = " \n " },
            _ => Valid with { Metadata = "[1, 2]" },
        };

        Assert.Equal(field, Assert.Throws<ArgumentException>(invalid.Validate).ParamName);
    }

    [Fact]
    public void ATenantOverItsLimitIsRefused() =>
        Assert.Equal("tenant", Assert.Throws<ArgumentException>((Valid with { Tenant = new string('t', SourceDocument.MaxTenantLength + 1) }).Validate).ParamName);

    [Fact]
    public void ABodyOverItsLimitIsRefusedSayingItsLength()
    {
        var error = Assert.Throws<ArgumentException>((Valid with { Body = new string('a', SourceDocument.MaxBodyLength + 1) }).Validate);

        Assert.Equal("body", error.ParamName);
        Assert.Contains("1000001", error.Message, StringComparison.Ordinal);
    }
}
