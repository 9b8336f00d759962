using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class DocumentPlannerTests
{
    private const string Model = "model";
    // Without overlap and with paragraphs of 15 words, each chunk is one paragraph.
    private static readonly DocumentChunker Chunker = new(new ChunkingOptions { ChunkWords = 16, OverlapWords = 0 });
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2025-03-14T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly SourceDocument Document = new()
    {
        Id = "menu",
        Tenant = "harbor-bistro",
        Language = "en",
        Title = "Menu",
        Body = string.Join("\n\n", Enumerable.Range(0, 4).Select(paragraph => string.Join(' ', Enumerable.Range(0, 15).Select(word => $"p{paragraph}w{word}")) + ".")),
        UpdatedAt = Now,
        Metadata = """{"category": "menu", "price": 18.0}""",
    };

    [Fact]
    public void ANewDocumentEmbedsEveryChunkAndDeletesNothing()
    {
        var plan = Plan(Document, []);

        Assert.Equal(4, plan.Chunks.Count);
        Assert.All(plan.Chunks, chunk => Assert.Equal(ChunkAction.Embed, chunk.Action));
        Assert.Empty(plan.Deletes);
        Assert.True(plan.NeedsWrite);
    }

    [Fact]
    public void TheSameVersionAsStoredNeedsNothingEvenWithMetadataInPostgresOwnKeyOrder()
    {
        var plan = Plan(Document, Stored(Document, row => row with { Metadata = """{"price": 18.0, "category": "menu"}""" }));

        Assert.All(plan.Chunks, chunk => Assert.Equal(ChunkAction.Unchanged, chunk.Action));
        Assert.False(plan.NeedsWrite);
    }

    [Fact]
    public void AnEditedParagraphEmbedsOnlyTheChunkThatHoldsIt()
    {
        var paragraphs = Document.Body.Split("\n\n");
        paragraphs[2] = paragraphs[2].ToUpperInvariant();

        var plan = Plan(Document with { Body = string.Join("\n\n", paragraphs) }, Stored(Document));

        Assert.Equal(["menu#2"], plan.ToEmbed.Select(chunk => chunk.Chunk.Id));
        Assert.Empty(plan.Deletes);
    }

    [Fact]
    public void AnotherModelEmbedsEveryChunkAgain()
    {
        var plan = Plan(Document, Stored(Document, row => row with { EmbeddingModel = "older-model" }));

        Assert.Equal(4, plan.ToEmbed.Count());
    }

    [Fact]
    public void ANewTenantOrMetadataRewritesTheRowsWithoutEmbedding()
    {
        var plan = Plan(Document with { Metadata = """{"category": "drinks", "price": 18.0}""" }, Stored(Document));

        Assert.All(plan.Chunks, chunk => Assert.Equal(ChunkAction.Rewrite, chunk.Action));
        Assert.Empty(plan.ToEmbed);
        Assert.True(plan.NeedsWrite);
        Assert.All(Plan(Document with { Tenant = "other" }, Stored(Document)).Chunks, chunk => Assert.Equal(ChunkAction.Rewrite, chunk.Action));
    }

    [Fact]
    public void AShorterVersionDeletesTheTrailingChunks()
    {
        var shorter = Document with { Body = string.Join("\n\n", Document.Body.Split("\n\n").Take(2)) };

        var plan = Plan(shorter, Stored(Document));

        Assert.Equal(["menu#2", "menu#3"], plan.Deletes);
        Assert.Empty(plan.ToEmbed);
        Assert.True(plan.NeedsWrite);
    }

    [Fact]
    public void AVersionOlderThanTheStoredOneIsStaleAndChangesNothing()
    {
        var plan = Plan(Document with { Body = "Something else entirely.", UpdatedAt = Now.AddMinutes(-1) }, Stored(Document));

        Assert.True(plan.Stale);
        Assert.Empty(plan.Chunks);
        Assert.Empty(plan.Deletes);
        Assert.False(plan.NeedsWrite);
    }

    [Fact]
    public void ADeleteDeletesEveryStoredRowAndTouchesTheTenantsOfThemAll()
    {
        var stored = Stored(Document);
        stored[0] = stored[0] with { Tenant = "moved-from" };

        var plan = DocumentPlanner.Plan(new IngestionWork(0, "menu", "harbor-bistro", null), Chunker, stored, Model);

        Assert.Equal(["menu#0", "menu#1", "menu#2", "menu#3"], plan.Deletes);
        Assert.Equal(["moved-from", "harbor-bistro"], plan.Tenants);
        Assert.True(plan.NeedsWrite);
        Assert.False(DocumentPlanner.Plan(new IngestionWork(0, "menu", "harbor-bistro", null), Chunker, [], Model).NeedsWrite);
    }

    private static DocumentPlan Plan(SourceDocument document, IReadOnlyList<StoredChunk> stored) =>
        DocumentPlanner.Plan(IngestionWork.Upsert(0, document), Chunker, stored, Model);

    /// <summary>The rows the cold tier holds after <paramref name="document"/> was written, each <paramref name="change"/>d.</summary>
    private static List<StoredChunk> Stored(SourceDocument document, Func<StoredChunk, StoredChunk>? change = null) =>
    [
        .. Chunker.Chunk(document).Select(chunk => new StoredChunk(
            chunk.Id, document.Id, EmbeddedText.HashOf(document.Title, chunk.Text), Model, document.Tenant, document.Language, document.Title,
            document.Metadata, document.UpdatedAt)).Select(change ?? (row => row)),
    ];
}
