using RedisAspire.Core.Ingestion;

namespace RedisAspire.Tests.Unit.Ingestion;

/// <summary>The text of a file as documents, as a folder import and an upload both read it.</summary>
[Trait("Category", "Unit")]
public sealed class SourceFileReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AMarkdownFileIsOneDocumentNamedAfterItsPathWithItsHeadingAsTitle()
    {
        var item = Assert.Single(new SourceFileReader(new("harbour", "en")).Read("Notes/Ferry Times.md", "# Ferry\n\nEvery *twenty* minutes.", Now));

        Assert.True(item.IsDocument, item.ToString());
        Assert.Equal(("notes/ferry-times.md", "harbour", "en", "Ferry", Now, (int?)null), (
            item.Document.Id, item.Document.Tenant, item.Document.Language, item.Document.Title, item.Document.UpdatedAt, item.Line));
        Assert.DoesNotContain("*", item.Document.Body, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"Notes/Ferry Times.md\"", item.Document.Metadata, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonlFileIsADocumentALineAndABadLineIsAnErrorNamingItsLine()
    {
        const string Content = "{\"id\":\"a\",\"body\":\"A\",\"updated_at\":\"2025-03-14\"}\r\n\r\n{\"id\":\"b\",\"body\":\"\",\"updated_at\":\"2025-03-14\"}\n{\"id\":\"c\",\"tenant\":\"clinic\",\"body\":\"C\",\"updated_at\":\"2025-03-14\"}";

        var items = new SourceFileReader(new("harbour")).Read("menu.jsonl", Content, Now).ToList();

        Assert.Equal([1, 3, 4], items.Select(item => item.Line!.Value));
        Assert.Equal(("a", "harbour"), (items[0].Document!.Id, items[0].Document!.Tenant));
        Assert.Equal(("menu.jsonl", 3, "body"), (items[1].Error!.File, items[1].Error!.Line, items[1].Error!.Field));
        Assert.Equal("clinic", items[2].Document!.Tenant);
    }

    [Fact]
    public void AnIdGivenTwiceAcrossFilesOfOneReaderIsAnErrorNamingTheFirst()
    {
        var reader = new SourceFileReader(new("harbour"));

        var first = Assert.Single(reader.Read("Menu.md", "Soup", Now));
        var second = Assert.Single(reader.Read("menu.md", "Fish", Now));

        Assert.True(first.IsDocument);
        Assert.Equal("id", second.Error!.Field);
        Assert.Contains("already taken by Menu.md", second.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HalfASurrogatePairInALineIsAnErrorOfTheLineNotAFailureOfTheRead()
    {
        var item = Assert.Single(new SourceFileReader(new("harbour")).Read("x.jsonl", "{\"id\":\"x\",\"title\":\"\\ud800\",\"body\":\"X\",\"updated_at\":\"2025-03-14\"}", Now));

        Assert.Equal(("title", 1), (item.Error!.Field, item.Error.Line));
    }

    [Theory]
    [InlineData("a.MD", SourceFileKind.Markdown)]
    [InlineData("a.txt", SourceFileKind.Text)]
    [InlineData("a.htm", SourceFileKind.Html)]
    [InlineData("a.Html", SourceFileKind.Html)]
    [InlineData("a.jsonl", SourceFileKind.Jsonl)]
    [InlineData("a.json", SourceFileKind.Other)]
    [InlineData("README", SourceFileKind.Other)]
    public void AFilesKindIsItsExtensionInAnyCase(string name, SourceFileKind kind) => Assert.Equal(kind, SourceFileReader.KindOf(name));

    [Fact]
    public void AFileOfAnotherKindGivesNothing() => Assert.Empty(new SourceFileReader(new("harbour")).Read("logo.png", "not a document", Now));
}
