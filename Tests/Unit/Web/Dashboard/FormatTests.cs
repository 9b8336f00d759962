extern alias Web;

using Web::RedisAspire.Web.Services;

namespace RedisAspire.Tests.Unit.Web.Dashboard;

/// <summary>How the dashboard writes bytes, shares and durations.</summary>
[Trait("Category", "Unit")]
public sealed class FormatTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(104_857_600, "100 MiB")]
    [InlineData(3L * 1024 * 1024 * 1024, "3 GiB")]
    public void BytesAreWrittenInBinaryUnitsAsRedisCountsThem(long bytes, string expected) =>
        Assert.Equal(expected, Format.Bytes(bytes));

    [Fact]
    public void SharesArePercentagesAndNothingToDivideIsADash()
    {
        Assert.Equal("87.3%", Format.Percent(0.8734));
        Assert.Equal("100%", Format.Percent(1));
        Assert.Equal("–", Format.Percent(Format.Ratio(0, 0)));
        Assert.Equal("25%", Format.Percent(Format.Ratio(1, 4)));
    }

    [Theory]
    [InlineData(0.42, "0.42 ms")]
    [InlineData(12.34, "12.3 ms")]
    [InlineData(1500, "1.5 s")]
    [InlineData(200_000, "3 min 20 s")]
    public void MillisecondsAreWrittenInTheUnitAPersonReads(double milliseconds, string expected) =>
        Assert.Equal(expected, Format.Milliseconds(milliseconds));

    [Fact]
    public void DurationsShowTheirTwoLargestUnits()
    {
        Assert.Equal("850 ms", Format.Duration(TimeSpan.FromMilliseconds(850)));
        Assert.Equal("2 h 5 min", Format.Duration(new TimeSpan(2, 5, 30)));
        Assert.Equal("3 d 4 h", Format.Duration(new TimeSpan(3, 4, 0, 0)));
        Assert.Equal("1 min", Format.Duration(TimeSpan.FromSeconds(60)));
        Assert.Equal("–", Format.Duration(null));
        Assert.Equal("12 s ago", Format.Ago(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(12)));
        Assert.Equal("never", Format.Ago(null, DateTimeOffset.UnixEpoch));
    }
}
