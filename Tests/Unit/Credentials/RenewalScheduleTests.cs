using RedisAspire.Core.Credentials;

namespace RedisAspire.Tests.Unit.Credentials;

[Trait("Category", "Unit")]
public sealed class RenewalScheduleTests
{
    private static readonly DateTimeOffset Obtained = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AOneHourTokenIsRenewedAfterFortyFiveMinutes() =>
        Assert.Equal(Obtained.AddMinutes(45), RenewalSchedule.Default.RenewalTime(Obtained, Obtained.AddHours(1)));

    [Fact]
    public void ATokenThatHasAlreadyExpiredIsRenewedAtOnce() =>
        Assert.Equal(Obtained, RenewalSchedule.Default.RenewalTime(Obtained, Obtained.AddSeconds(-5)));

    [Fact]
    public void RetriesWaitTwiceAsLongEachTimeUpToAMinute()
    {
        var delays = Enumerable.Range(1, 9).Select(RenewalSchedule.Default.RetryDelay).Select(delay => delay.TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60, 60], delays);
    }

    [Fact]
    public void AVeryLongOutageStillWaitsAMinute() =>
        Assert.Equal(TimeSpan.FromMinutes(1), RenewalSchedule.Default.RetryDelay(10_000));
}
