using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class DocumentChunkSummaryTests
{
    [Theory]
    [InlineData("menu", "menu#0", 0)]
    [InlineData("menu", "menu#17", 17)]
    [InlineData("faq#returns", "faq#returns#3", 3)]
    [InlineData("menu", "menu", 0)]
    public void AChunksPositionIsTheNumberAfterItsDocumentsIdAndAWholeDocumentIsAtZero(string document, string id, int position)
    {
        Assert.Equal(position, DocumentChunkSummary.PositionOf(document, id));
    }
}
