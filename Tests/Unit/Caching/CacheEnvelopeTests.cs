using System.Text;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class CacheEnvelopeTests
{
    private readonly SystemTextJsonCacheSerializer serializer = new();

    [Fact]
    public void AnEnvelopeReadsBackItsHeaderTagsAndValue()
    {
        var header = new EnvelopeHeader(ExpirationStrategy.Sliding, 1_714_521_600_000, 1_714_525_200_000, 187);

        var bytes = CacheEnvelope.Create(serializer, new[] { 1.5f, -2f }, header, ["tenant:tidewater", "doc:42"], "k", 1024).ToArray();

        Assert.True(CacheEnvelope.TryRead(bytes, out var read, out var value));
        Assert.Equal(header, read);
        Assert.Equal("[1.5,-2]", Encoding.UTF8.GetString(value));
        Assert.Equal(["tenant:tidewater", "doc:42"], CacheEnvelope.ReadTags(bytes));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0, 0 })]
    [InlineData(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void BytesNotWrittenByThisFormatAreNotRead(byte[] bytes) =>
        Assert.False(CacheEnvelope.TryRead(bytes, out _, out _));

    [Fact]
    public void AValueOverTheLimitIsRefusedNotTruncated()
    {
        var error = Assert.Throws<CacheValueTooLargeException>(() =>
            CacheEnvelope.Create(serializer, "0123456789", default, [], "key", 11));

        Assert.Equal((12, 11), (error.SizeBytes, error.LimitBytes));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1_000, false)]
    [InlineData(2_000, true)]
    [InlineData(3_000, true)]
    public void AnEntryIsExpiredFromItsLogicalExpiryOn(long nowMs, bool expired) =>
        Assert.Equal(expired, new EnvelopeHeader(ExpirationStrategy.Fixed, 0, 2_000, 5).IsExpiredAt(nowMs));

    [Fact]
    public void AnEntryWithoutExpiryNeverExpires() =>
        Assert.False(new EnvelopeHeader(ExpirationStrategy.Invalidation, 0, 0, 5).IsExpiredAt(long.MaxValue));
}
