using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class CacheKeysTests
{
    private readonly CacheKeys keys = new("cache");

    [Fact]
    public void AValueAndItsLockShareOneHashTagSoTheyShareASlot()
    {
        Assert.Equal("cache:{embedding:minilm:ab12}", keys.Value("embedding:minilm:ab12"));
        Assert.Equal("cache:{embedding:minilm:ab12}:lock", keys.Lock("embedding:minilm:ab12"));
        Assert.Equal(HashTag(keys.Value("k")), HashTag(keys.Lock("k")));
    }

    [Fact]
    public void TagSetsAndChannelsAreNamedUnderThePrefix()
    {
        Assert.Equal("cache-tag:{tenant:tidewater}", keys.Tag("tenant:tidewater"));
        Assert.Equal("cache:invalidations", keys.InvalidationChannel);
        Assert.Equal("cache:stored", keys.StoredChannel);
    }

    [Theory]
    [InlineData("", "must not be empty")]
    [InlineData("   ", "must not be empty")]
    [InlineData("a{b", "braces")]
    [InlineData("a}b", "braces")]
    [InlineData("line\nbreak", "control characters")]
    public void AKeyThatWouldBreakItsSlotOrItsMessagesIsRefused(string key, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => CacheKeys.ValidateKey(key));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal("key", error.ParamName);
    }

    [Fact]
    public void AKeyOverTheLengthLimitIsRefusedWithItsLength()
    {
        var error = Assert.Throws<ArgumentException>(() => CacheKeys.ValidateKey(new string('k', 513)));

        Assert.Contains("513 characters long; at most 512", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Redis Cluster's rule: the part between the first '{' and the next '}', when not empty.</summary>
    private static string HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = key.IndexOf('}', open + 1);
        return key[(open + 1)..close];
    }
}
