using System.Text.Json;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Unit.Ingestion;

[Trait("Category", "Unit")]
public sealed class FolderSourceTests
{
    private static readonly FolderImportDefaults Defaults = new("harbor-bistro", "en");
    private static readonly DateTime LastWrite = new(2025, 6, 1, 8, 15, 0, DateTimeKind.Utc);

    [Fact]
    public async Task EachKindOfFileBecomesDocumentsWithIdsFromTheirPaths()
    {
        using var folder = new TemporaryDirectory();
        Write(folder, "Menu/Truffle Risotto.md", "# Truffle risotto\n\nCarnaroli rice with **black** truffle.");
        Write(folder, "notes.txt", "Corkage\nWe charge 15 euros a bottle.");
        Write(folder, "pages/hours.HTML", "<html><head><title>Opening hours</title></head><body><p>Noon&ndash;10 pm.</p></body></html>");
        Write(folder, "more/faq.jsonl", """
            {"id": "faq-dogs", "title": "Dogs", "body": "Dogs are welcome on the terrace.", "updated_at": "2025-04-02T10:00:00+02:00", "metadata": {"category": "faq"}}
            {"id": "faq-dogs-de", "tenant": "harbor-bistro", "language": "de", "body": "Hunde sind auf der Terrasse willkommen.", "updated_at": "2025-04-03"}
            """);

        var items = await ReadAsync(folder);

        Assert.All(items, item => Assert.True(item.IsDocument, item.Error?.Message));
        var documents = items.Select(item => item.Document!).ToDictionary(document => document.Id);
        Assert.Equal(["faq-dogs", "faq-dogs-de", "menu/truffle-risotto.md", "notes.txt", "pages/hours.html"], documents.Keys.Order(StringComparer.Ordinal));

        var risotto = documents["menu/truffle-risotto.md"];
        Assert.Equal(("harbor-bistro", "en", "Truffle risotto"), (risotto.Tenant, risotto.Language, risotto.Title));
        Assert.Equal("Truffle risotto\n\nCarnaroli rice with black truffle.", risotto.Body);
        Assert.Equal(new DateTimeOffset(LastWrite), risotto.UpdatedAt);
        Assert.Equal("Menu/Truffle Risotto.md", JsonDocument.Parse(risotto.Metadata).RootElement.GetProperty("path").GetString());

        Assert.Equal(("Corkage", "Corkage\nWe charge 15 euros a bottle."), (documents["notes.txt"].Title, documents["notes.txt"].Body));
        Assert.Equal(("Opening hours", "Noon\u201310 pm."), (documents["pages/hours.html"].Title, documents["pages/hours.html"].Body));

        var dogs = documents["faq-dogs"];
        Assert.Equal(("harbor-bistro", "en", "Dogs"), (dogs.Tenant, dogs.Language, dogs.Title));
        Assert.Equal(new DateTimeOffset(2025, 4, 2, 8, 0, 0, TimeSpan.Zero), dogs.UpdatedAt);
        Assert.Equal("faq", JsonDocument.Parse(dogs.Metadata).RootElement.GetProperty("category").GetString());
        Assert.Equal(("de", null, new DateTimeOffset(2025, 4, 3, 0, 0, 0, TimeSpan.Zero)), (documents["faq-dogs-de"].Language, documents["faq-dogs-de"].Title, documents["faq-dogs-de"].UpdatedAt));
    }

    [Fact]
    public async Task ABadJsonlLineIsReportedWithItsNumberAndTheOtherLinesStillImport()
    {
        using var folder = new TemporaryDirectory();
        Write(folder, "docs.jsonl", string.Join('\n',
            """{"id": "one", "body": "First.", "updated_at": "2025-01-01T00:00:00Z"}""",
            """{"id": "two", "body": "Second.", "updated_at": """,
            """{"id": "three", "updated_at": "2025-01-01"}""",
            "",
            """{"id": "four", "body": "Fourth.", "updated_at": "yesterday"}""",
            """{"id": 5, "body": "Fifth.", "updated_at": "2025-01-01"}""",
            """{"id": "six", "body": "Sixth.", "updated_at": "2025-01-01", "metadata": [1]}""",
            """{"id": "seven", "body": "Seventh.", "updated_at": "2025-01-01T12:30:15.250Z"}"""));

        var items = await ReadAsync(folder);

        Assert.Equal(["one", "seven"], items.Where(item => item.IsDocument).Select(item => item.Document!.Id));
        Assert.Equal(
            [(2, null), (3, "body"), (5, "updated_at"), (6, "id"), (7, "metadata")],
            items.Where(item => item.IsError).Select(item => (item.Error!.Line, item.Error.Field)).ToArray<(int?, string?)>());
        Assert.All(items.Where(item => item.IsError), item => Assert.Equal("docs.jsonl", item.Error!.File));
        Assert.All(
            items.Where(item => item.Error?.Field is not null),
            item => Assert.Contains(item.Error!.Field!, item.Error.Message, StringComparison.Ordinal));
        Assert.DoesNotContain("(Parameter", items.Single(item => item.Error?.Line == 3).Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileOverTheSizeLimitIsAnErrorAndTheOthersStillImport()
    {
        using var folder = new TemporaryDirectory();
        Write(folder, "big.md", "# Big\n\n" + new string('x', 200));
        Write(folder, "small.md", "# Small\n\nFits.");

        var items = await ReadAsync(folder, maxFileBytes: 100);

        var error = Assert.Single(items, item => item.IsError).Error!;
        Assert.Equal(("big.md", null), (error.File, error.Line));
        Assert.Contains("over 100 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("small.md", Assert.Single(items, item => item.IsDocument).Document!.Id);
    }

    [Fact]
    public async Task FilesOfOtherKindsAreSkippedAndCountedAndHiddenFilesLeftOut()
    {
        using var folder = new TemporaryDirectory();
        Write(folder, "menu.pdf", "%PDF");
        Write(folder, "data/prices.csv", "dish,price");
        Write(folder, "README", "no extension");
        Write(folder, ".draft.md", "# Draft");
        Write(folder, ".git/notes.txt", "internal");
        Write(folder, "hours.txt", "Open daily.");

        var items = await ReadAsync(folder);

        Assert.Equal(["README", "data/prices.csv", "menu.pdf"], items.Where(item => item.IsSkipped).Select(item => item.File));
        Assert.Equal("hours.txt", Assert.Single(items, item => item.IsDocument).Document!.Id);
        Assert.Equal(4, items.Count);
    }

    [Fact]
    public async Task AnEmptyFileOrASecondDocumentWithTheSameIdIsAnError()
    {
        using var folder = new TemporaryDirectory();
        Write(folder, "Hours.txt", "Open daily.");
        Write(folder, "empty.md", "# \n\n");
        Write(folder, "hours.txt", "Also open daily.");

        var items = await ReadAsync(folder);

        Assert.Equal(
            [("Hours.txt", null), ("empty.md", "body"), ("hours.txt", "id")],
            items.Select(item => (item.File, item.Error?.Field)).ToArray<(string, string?)>());
        Assert.Contains("already taken by Hours.txt", items[2].Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFolderThrows()
    {
        using var folder = new TemporaryDirectory();

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => ReadAsync(folder, subfolder: "missing"));
    }

    [Fact]
    public async Task ACancelledImportStops()
    {
        using var folder = new TemporaryDirectory();
        Write(folder, "hours.txt", "Open daily.");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new FolderSource(folder.Path, Defaults).ReadAsync(cancelled.Token).ToListAsync().AsTask());
    }

    [Theory]
    [InlineData("Menu/Truffle Risotto.md", "menu/truffle-risotto.md")]
    [InlineData("a  b!!(c).txt", "a-b-c-.txt")]
    [InlineData("Speisekarte/Öffnungszeiten.html", "speisekarte/öffnungszeiten.html")]
    [InlineData("dir\\file.md", "dir/file.md")]
    [InlineData("emoji \U0001F37D.md", "emoji-.md")]
    public void DocumentIdsAreLowercasePathsWithUnsafeCharactersAsDashes(string path, string id)
    {
        Assert.Equal(id, SourceFileReader.DocumentId(path));
        VectorDocument.ValidateId(SourceFileReader.DocumentId(path));
    }

    [Fact]
    public void ALongPathIsCutToAChunkableIdThatStaysDistinct()
    {
        var folders = string.Join('/', Enumerable.Repeat("a very long folder name", 20));

        var first = SourceFileReader.DocumentId(folders + "/first.md");
        var second = SourceFileReader.DocumentId(folders + "/second.md");

        Assert.Equal(DocumentChunker.MaxDocumentIdLength, first.Length);
        Assert.NotEqual(first, second);
        Assert.Equal(first, SourceFileReader.DocumentId(folders + "/first.md"));
        Assert.Matches("~[0-9a-f]{8}$", first);
        Assert.Single(new DocumentChunker().Chunk(first, "text"));
    }

    [Fact]
    public void ADefaultTenantIsRequired() =>
        Assert.Equal("tenant", Assert.Throws<ArgumentException>(() => new FolderSource("/tmp", new FolderImportDefaults(" "))).ParamName);

    private static void Write(TemporaryDirectory folder, string relativePath, string content) =>
        File.SetLastWriteTimeUtc(folder.WriteFile(relativePath, content), LastWrite);

    private static async Task<List<FolderImportItem>> ReadAsync(TemporaryDirectory folder, long maxFileBytes = FolderSource.DefaultMaxFileBytes, string subfolder = "")
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await new FolderSource(Path.Join(folder.Path, subfolder), Defaults, maxFileBytes).ReadAsync(timeout.Token).ToListAsync(timeout.Token);
    }
}
