using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Unit.Embeddings;

[Trait("Category", "Unit")]
public sealed class EmbeddingCacheKeyTests
{
    [Fact]
    public void TheKeyIsThePrefixTheModelAndTheSha256HexOfTheText() =>
        // SHA-256 of the UTF-8 of "Hello world", computed independently.
        Assert.Equal(
            "embedding:all-MiniLM-L6-v2:64ec88ca00b268e5ba1a35678a1b5316d212f4f366b2477232534a8aeca37f3c",
            EmbeddingCacheKey.Create("all-MiniLM-L6-v2", "Hello world"));

    [Fact]
    public void TwoModelsNeverShareAKey() =>
        Assert.NotEqual(EmbeddingCacheKey.Create("all-MiniLM-L6-v2", "Hello world"), EmbeddingCacheKey.Create("text-embedding-3-small", "Hello world"));

    [Theory]
    [InlineData("  Hello\n world ")]
    [InlineData("Hello \t\r\n  world")]
    [InlineData("\u00a0Hello\u2003world\u00a0")]
    public void WhiteSpaceAroundAndInsideTheTextDoesNotChangeTheKey(string text)
    {
        Assert.Equal("Hello world", EmbeddingCacheKey.Normalize(text));
        Assert.Equal(EmbeddingCacheKey.Create("m", "Hello world"), EmbeddingCacheKey.Create("m", text));
    }

    [Fact]
    public void CaseIsKept() =>
        Assert.NotEqual(EmbeddingCacheKey.Create("m", "Hello world"), EmbeddingCacheKey.Create("m", "hello world"));

    [Fact]
    public void ComposedAndDecomposedAccentsGiveOneKey() =>
        Assert.Equal(EmbeddingCacheKey.Create("m", "caf\u00e9"), EmbeddingCacheKey.Create("m", "cafe\u0301"));

    [Fact]
    public void ALoneSurrogateGivesAKeyInsteadOfAnError() =>
        Assert.Equal(EmbeddingCacheKey.Create("m", "a\ufffdb"), EmbeddingCacheKey.Create("m", "a\ud800b"));

    [Fact]
    public void KeysOfLongTextsAreValidCacheKeys()
    {
        var key = EmbeddingCacheKey.Create("all-MiniLM-L6-v2", new string('x', 100_000));

        CacheKeys.ValidateKey(key);
        Assert.Matches("^embedding:all-MiniLM-L6-v2:[0-9a-f]{64}$", key);
    }

    [Fact]
    public void AModelIdIsRequired() =>
        Assert.Throws<ArgumentException>(() => EmbeddingCacheKey.Create(" ", "Hello world"));
}
