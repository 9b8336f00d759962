using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using StackExchange.Redis;

namespace RedisAspire.Tests.Unit.Ingestion.Queue;

[Trait("Category", "Unit")]
public sealed class IngestionMessageFormatTests
{
    private const string OperationId = "0123456789abcdef0123456789abcdef";

    private static readonly SourceDocument Document = new()
    {
        Id = "menu/truffle-risotto.md",
        Tenant = "harbor-bistro",
        Language = "de",
        Title = "Trüffelrisotto \"spezial\"",
        Body = "Carnaroli-Reis mit schwarzem Trüffel.\n\n東京 <b>&</b> \u2028 emoji \U0001F344",
        UpdatedAt = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.FromHours(1)),
        Metadata = """{"category":"menu","price":{"eur":24.5}}""",
    };

    [Fact]
    public void AnUpsertReadsBackAsTheSameDocumentAndOperation()
    {
        var fields = IngestionMessageFormat.ToFields(IngestionMessage.Upsert(Document), OperationId);

        var parsed = IngestionMessageFormat.Parse(Entries(fields));

        Assert.Null(parsed.Error);
        Assert.Equal(IngestionMessage.Upsert(Document) with { OperationId = OperationId }, parsed.Message);
        Assert.Equal(Document.UpdatedAt.Offset, parsed.Message!.Document!.UpdatedAt.Offset);
    }

    [Fact]
    public void ADeleteReadsBackWithoutADocument()
    {
        var fields = IngestionMessageFormat.ToFields(IngestionMessage.Delete("menu/old", "harbor-bistro"), OperationId);

        var parsed = IngestionMessageFormat.Parse(Entries(fields));

        Assert.Equal(IngestionMessage.Delete("menu/old", "harbor-bistro") with { OperationId = OperationId }, parsed.Message);
        Assert.DoesNotContain(Entries(fields), field => field.Name == IngestionMessageFormat.DocumentField);
    }

    [Fact]
    public void TextIsStoredAsUnescapedUtf8SoAnEntryStaysNearTheSizeOfItsText()
    {
        var fields = IngestionMessageFormat.ToFields(IngestionMessage.Upsert(Document), OperationId);
        var json = Entries(fields).Single(field => field.Name == IngestionMessageFormat.DocumentField).Value.ToString();

        Assert.Contains("Trüffel", json, StringComparison.Ordinal);
        Assert.Contains("東京", json, StringComparison.Ordinal);
        Assert.True(IngestionMessageFormat.ByteCount(fields) < 2 * System.Text.Encoding.UTF8.GetByteCount(Document.Body + Document.Title + Document.Metadata) + 300);
    }

    [Theory]
    [InlineData("v=2|op=OP|kind=delete|id=a|tenant=t", "version 1", true)]
    [InlineData("op=OP|kind=delete|id=a|tenant=t", "version 1", true)]
    [InlineData("v=1|kind=delete|id=a|tenant=t", "operation id", false)]
    [InlineData("v=1|op=not-an-id|kind=delete|id=a|tenant=t", "operation id", false)]
    [InlineData("v=1|op=OP|kind=rename|id=a|tenant=t", "kind 'rename'", true)]
    [InlineData("v=1|op=OP|kind=delete|id=has space|tenant=t", "document id", true)]
    [InlineData("v=1|op=OP|kind=delete|id=a|tenant=", "tenant", true)]
    [InlineData("v=1|op=OP|kind=upsert|id=a|tenant=t", "no document", true)]
    [InlineData("v=1|op=OP|kind=upsert|id=a|tenant=t|doc={not json", "not a JSON source document", true)]
    [InlineData("v=1|op=OP|kind=upsert|id=a|tenant=t|doc=null", "JSON null", true)]
    [InlineData("v=1|op=OP|kind=upsert|id=a|tenant=t|doc={\"id\":\"a\",\"tenant\":\"t\",\"body\":\"\",\"updatedAt\":\"2025-01-01T00:00:00Z\"}", "body", true)]
    public void AnEntryThatIsNotAValidMessageSaysWhyAndKeepsItsOperationWhenItHasOne(string entry, string expected, bool keepsOperation)
    {
        var fields = entry.Replace("OP", OperationId, StringComparison.Ordinal).Split('|')
            .Select(pair => pair.Split('=', 2))
            .Select(pair => new NameValueEntry(pair[0], pair[1]))
            .ToArray();

        var parsed = IngestionMessageFormat.Parse(fields);

        Assert.Null(parsed.Message);
        Assert.Contains(expected, parsed.Error, StringComparison.Ordinal);
        Assert.Equal(keepsOperation ? OperationId : null, parsed.OperationId);
    }

    [Fact]
    public void AMessageValidatesAsItsDocumentDoesAndNamesTheField()
    {
        var upsertWithoutDocument = new IngestionMessage { Kind = IngestionKind.Upsert, DocumentId = "a", Tenant = "t" };
        var mismatched = IngestionMessage.Upsert(Document) with { DocumentId = "other" };
        var deleteWithDocument = IngestionMessage.Delete("a", "t") with { Document = Document };

        Assert.Equal("document", Assert.Throws<ArgumentException>(upsertWithoutDocument.Validate).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentException>(mismatched.Validate).ParamName);
        Assert.Equal("document", Assert.Throws<ArgumentException>(deleteWithDocument.Validate).ParamName);
        Assert.Equal("document", Assert.Throws<ArgumentNullException>(() => IngestionMessage.Upsert(null!)).ParamName);
    }

    [Theory]
    [InlineData("1-0", "1-1")]
    [InlineData("1-9", "2-0")]
    [InlineData("9-0", "10-0")]
    [InlineData("1714521600000-5", "1714521600001-0")]
    public void StreamIdsOrderByTimeThenSequenceNotAsText(string earlier, string later)
    {
        Assert.True(StreamId.Parse(earlier) < StreamId.Parse(later));
        Assert.Equal(later, StreamId.Parse(later).ToString());
    }

    [Fact]
    public void OperationIdsAreThirtyTwoLowercaseHexDigits()
    {
        Assert.True(IngestionQueue.IsOperationId(Guid.NewGuid().ToString("N")));
        Assert.False(IngestionQueue.IsOperationId(Guid.NewGuid().ToString("D")));
        Assert.False(IngestionQueue.IsOperationId(OperationId.ToUpperInvariant()));
        Assert.False(IngestionQueue.IsOperationId(null));
    }

    private static NameValueEntry[] Entries(RedisValue[] fields) =>
        [.. fields.Chunk(2).Select(pair => new NameValueEntry(pair[0], pair[1]))];
}
