using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class DocumentChunkerTests
{
    private static readonly ChunkingOptions Small = new() { ChunkWords = 20, OverlapWords = 5 };

    [Fact]
    public void ADocumentShorterThanOneChunkIsOneChunk()
    {
        var chunk = Assert.Single(new DocumentChunker().Chunk("menu-oysters", "Six oysters.\n\nServed with mignonette."));

        Assert.Equal(new DocumentChunk(
            "menu-oysters#0", "menu-oysters", 0, "Six oysters.\n\nServed with mignonette.", ContentHash.Of("Six oysters.\n\nServed with mignonette.")), chunk);
    }

    [Fact]
    public void ATextWithoutWordsHasNoChunks() => Assert.Empty(new DocumentChunker().Chunk("empty", " \n "));

    [Fact]
    public void TheSameTextAndOptionsGiveTheSameChunksAndIds()
    {
        var text = Sentences(300);

        var first = new DocumentChunker(Small).Chunk("policy-consent", text);
        var second = new DocumentChunker(new ChunkingOptions { ChunkWords = 20, OverlapWords = 5 }).Chunk("policy-consent", text);

        Assert.Equal(first, second);
        Assert.Equal(Enumerable.Range(0, first.Count).Select(index => $"policy-consent#{index}"), first.Select(chunk => chunk.Id));
        Assert.All(first, chunk => Assert.Equal(ContentHash.Of(chunk.Text), chunk.ContentHash));
    }

    [Fact]
    public void WithoutBoundariesChunksAreFullWindowsOverlappingByTheOverlap()
    {
        var words = Enumerable.Range(0, 100).Select(index => $"w{index}").ToArray();

        var chunks = new DocumentChunker(Small).Chunk("doc", string.Join(' ', words)).Select(chunk => chunk.Text.Split(' ')).ToList();

        Assert.Equal(words[..20], chunks[0]);
        for (var i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1][^5..], chunks[i][..5]);
            Assert.True(chunks[i].Length <= 20);
        }

        Assert.Equal(words, chunks.SelectMany((chunk, index) => index == 0 ? chunk : chunk[5..]));
    }

    [Fact]
    public void AChunkEndsAtASentenceInTheLastQuarterOfItsWindow()
    {
        // 17 words, a sentence end, then more: the cut falls after word 17 rather than mid-sentence at 20.
        var text = Words(0, 16) + " end. " + Words(100, 30);

        var first = new DocumentChunker(Small).Chunk("doc", text)[0];

        Assert.EndsWith("end.", first.Text, StringComparison.Ordinal);
        Assert.Equal(17, first.Text.Split(' ').Length);
    }

    [Fact]
    public void ASentenceEndEarlierThanTheLastQuarterDoesNotShortenTheChunk()
    {
        var text = Words(0, 9) + " end. " + Words(100, 30);

        var first = new DocumentChunker(Small).Chunk("doc", text)[0];

        Assert.Equal(20, first.Text.Split(' ').Length);
    }

    [Fact]
    public void AParagraphEndInTheLastQuarterIsPreferredToALaterSentenceEnd()
    {
        var text = Words(0, 15) + " para\n\n" + Words(100, 2) + " sentence. " + Words(200, 30);

        var first = new DocumentChunker(Small).Chunk("doc", text)[0];

        Assert.EndsWith(" para", first.Text, StringComparison.Ordinal);
        Assert.Equal(16, first.Text.Split(' ').Length);
    }

    [Fact]
    public void ChunksKeepTheTextsLineAndParagraphBreaks()
    {
        var chunk = Assert.Single(new DocumentChunker(Small).Chunk("doc", "Title\n\nFirst line.\nSecond   line."));

        Assert.Equal("Title\n\nFirst line.\nSecond line.", chunk.Text);
    }

    [Fact]
    public void ALongDocumentsChunksStayWithinTheWindowAndHaveValidIds()
    {
        var window = new ChunkingOptions().ChunkWords;
        var chunks = new DocumentChunker().Chunk("handbook", Sentences(5000));

        Assert.All(chunks, chunk =>
        {
            VectorDocument.ValidateId(chunk.Id);
            Assert.InRange(WordCount(chunk.Text), 1, window);
        });
        Assert.All(chunks.SkipLast(1), chunk => Assert.InRange(WordCount(chunk.Text), window * 3 / 4, window));
    }

    [Theory]
    [InlineData(15, 5, "ChunkWords")]
    [InlineData(2001, 5, "ChunkWords")]
    [InlineData(200, -1, "OverlapWords")]
    [InlineData(200, 100, "OverlapWords")]
    [InlineData(16, 8, "OverlapWords")]
    public void OptionsOutOfRangeAreRefusedNamingTheSetting(int chunkWords, int overlapWords, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() => new DocumentChunker(new ChunkingOptions { ChunkWords = chunkWords, OverlapWords = overlapWords }));

        Assert.Equal(setting, error.ParamName);
        Assert.Contains($"Ingestion:Chunking:{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBoundsThemselvesAreAccepted()
    {
        _ = new DocumentChunker(new ChunkingOptions { ChunkWords = 16, OverlapWords = 7 });
        _ = new DocumentChunker(new ChunkingOptions { ChunkWords = 2000, OverlapWords = 999 });
        _ = new DocumentChunker(new ChunkingOptions { ChunkWords = 16, OverlapWords = 0 });
    }

    [Fact]
    public void ADocumentIdThatLeavesNoRoomForTheChunkIndexIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DocumentChunker().Chunk(new string('d', DocumentChunker.MaxDocumentIdLength + 1), "text"));

        Assert.Equal("documentId", error.ParamName);
        Assert.Contains(DocumentChunker.MaxDocumentIdLength.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLongestDocumentIdStillGivesValidChunkIds()
    {
        var documentId = new string('d', DocumentChunker.MaxDocumentIdLength);

        VectorDocument.ValidateId(DocumentChunker.ChunkId(documentId, 9_999_999));
        Assert.Equal(documentId + "#0", Assert.Single(new DocumentChunker().Chunk(documentId, "text")).Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public void AnInvalidDocumentIdIsRefused(string documentId) =>
        Assert.Equal("documentId", Assert.Throws<ArgumentException>(() => new DocumentChunker().Chunk(documentId, "text")).ParamName);

    [Fact]
    public void ATextOverTheBodyLimitIsRefused() =>
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => new DocumentChunker().Chunk("doc", new string('a', SourceDocument.MaxBodyLength + 1))).ParamName);

    private static string Words(int first, int count) => string.Join(' ', Enumerable.Range(first, count).Select(index => $"w{index}"));

    // Sentences of 5 to 13 words, every fourth ending a paragraph.
    private static string Sentences(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(index =>
            Words(index * 20, 5 + (index % 9)) + (index % 4 == 3 ? ".\n\n" : ". ")));

    private static int WordCount(string text) => text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
}
