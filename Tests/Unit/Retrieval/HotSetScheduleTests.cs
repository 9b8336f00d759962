using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class HotSetScheduleTests
{
    [Fact]
    public void TheDefaultRunsNightlyAt3Utc()
    {
        var schedule = HotSetSchedule.Parse(new HotSetOptions().Schedule)!;

        Assert.Equal(
            new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero),
            HotSetSchedule.Next(schedule, new DateTimeOffset(2026, 11, 26, 9, 30, 0, TimeSpan.Zero)));
        Assert.Equal(
            new DateTimeOffset(2026, 11, 26, 3, 0, 0, TimeSpan.Zero),
            HotSetSchedule.Next(schedule, new DateTimeOffset(2026, 11, 26, 2, 59, 59, TimeSpan.FromHours(0))));
    }

    [Fact]
    public void SixFieldsIncludeSeconds() =>
        Assert.Equal(
            new DateTimeOffset(2026, 11, 26, 9, 30, 30, TimeSpan.Zero),
            HotSetSchedule.Next(HotSetSchedule.Parse("*/30 * * * * *")!, new DateTimeOffset(2026, 11, 26, 9, 30, 1, TimeSpan.Zero)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("off")]
    [InlineData(" OFF ")]
    public void OffOrEmptyMeansOnDemandOnly(string? schedule)
    {
        Assert.Null(HotSetSchedule.Parse(schedule));
        Assert.True(HotSetSchedule.IsValid(schedule));
    }

    [Theory]
    [InlineData("nightly")]
    [InlineData("61 3 * * *")]
    [InlineData("0 3 * *")]
    public void AnythingElseIsRefusedSayingWhatIsExpected(string schedule)
    {
        Assert.False(HotSetSchedule.IsValid(schedule));
        Assert.Contains("0 3 * * *", Assert.Throws<FormatException>(() => HotSetSchedule.Parse(schedule)).Message, StringComparison.Ordinal);
    }
}
