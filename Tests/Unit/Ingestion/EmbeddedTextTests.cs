using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class EmbeddedTextTests
{
    [Fact]
    public void AChunkIsEmbeddedAfterItsDocumentsTitle() =>
        Assert.Equal("Opening hours\n\nWe open at noon.", EmbeddedText.Of("Opening hours", "We open at noon."));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void WithoutATitleTheChunkIsEmbeddedAlone(string? title) => Assert.Equal("We open at noon.", EmbeddedText.Of(title, "We open at noon."));

    [Fact]
    public void TheHashCoversTheTitleSoANewTitleIsANewEmbedding()
    {
        Assert.Equal(ContentHash.Of("Opening hours\n\nWe open at noon."), EmbeddedText.HashOf("Opening hours", "We open at noon."));
        Assert.NotEqual(EmbeddedText.HashOf("Opening hours", "We open at noon."), EmbeddedText.HashOf("Hours", "We open at noon."));
        Assert.Equal(ContentHash.Of("We open at noon."), EmbeddedText.HashOf(null, "We open at noon."));
    }
}
