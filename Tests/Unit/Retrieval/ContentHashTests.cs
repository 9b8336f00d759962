using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class ContentHashTests
{
    [Fact]
    public void TheHashIsLowercaseHexSha256OfTheNormalisedText()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHash.Of(null));
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", ContentHash.Of("hello"));
    }

    [Fact]
    public void WhitespaceAndLineEndingsDoNotCount()
    {
        Assert.Equal(ContentHash.Of("Insulin storage policy v3"), ContentHash.Of("  Insulin\r\n storage\tpolicy  v3\n"));
    }

    [Fact]
    public void ComposedAndDecomposedAccentsHashAlike()
    {
        Assert.Equal(ContentHash.Of("caf\u00e9"), ContentHash.Of("cafe\u0301"));
    }

    [Fact]
    public void AnyOtherChangeChangesTheHash()
    {
        Assert.NotEqual(ContentHash.Of("policy v3"), ContentHash.Of("policy v4"));
        Assert.NotEqual(ContentHash.Of("Policy"), ContentHash.Of("policy"));
        Assert.NotEqual(ContentHash.Of("ab"), ContentHash.Of("a b"));
    }
}
