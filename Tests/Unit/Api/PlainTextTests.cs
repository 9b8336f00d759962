extern alias Api;

using System.Text.Json;
using Api::RedisAspire.Api.Validation;

namespace RedisAspire.Tests.Unit.Api;

/// <summary>What text a request may hold: any character a document or a name needs, no control character or broken pair.</summary>
[Trait("Category", "Unit")]
public sealed class PlainTextTests
{
    [Theory]
    [InlineData("Soup of the day")]
    [InlineData("Line one\nline two\r\n\tindented\fpage\vtab")]
    [InlineData("Crème brûlée 🍮 — 蛤蜊汤")]
    [InlineData("\u0085 and \u009F are C1 controls that sloppy text holds; the Worker drops them")]
    [InlineData("\uFFFD is a character of its own")]
    public void TextIsAccepted(string text) => Assert.Null(PlainText.Error(text));

    [Theory]
    [InlineData("a\u0000b", "U+0000")]
    [InlineData("\u0001", "U+0001")]
    [InlineData("\u001b[31m", "U+001B")]
    [InlineData("\u007F", "U+007F")]
    public void ControlCharactersAreRefusedByCodePoint(string text, string named) =>
        Assert.Contains(named, PlainText.Error(text), StringComparison.Ordinal);

    // Not theory data: the test runner would turn a lone surrogate into U+FFFD on its way to the test.
    [Fact]
    public void HalvesOfSurrogatePairsAreRefusedByCodePoint()
    {
        Assert.Contains("U+D83C", PlainText.Error("half \uD83C of a pair"), StringComparison.Ordinal);
        Assert.Contains("U+DF6E", PlainText.Error("\uDF6E alone"), StringComparison.Ordinal);
        Assert.Contains("U+D83C", PlainText.Error("ends with \uD83C"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstErrorInFreeFormJsonSaysWhereItIs()
    {
        static RefusedTextException? First(string json) => PlainText.FirstError(JsonDocument.Parse(json).RootElement);

        Assert.Null(First("""{"price":12.5,"tags":["a","b"],"nested":{"ok":true,"none":null}}"""));
        Assert.Equal("[1].note", First("""[{"note":"fine"},{"note":"bad\u0000"}]""")!.Within);
        Assert.Equal(".size", First("""{"size":1e309}""")!.Within);
        var name = First("""{"outer":{"ba\u0001d":1}}""")!;
        Assert.True(name.PropertyName);
        Assert.Equal(".outer", name.Within);
        Assert.Contains("surrogate", First("""["\ud800"]""")!.Message, StringComparison.Ordinal);
    }
}
