using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class EarlyRecomputeTests
{
    [Fact]
    public void FarFromExpiryAnUnluckyDrawIsNeededToRecompute()
    {
        // 10 s before expiry with delta 100 ms: ln(random) must be below -100, i.e. random below e^-100.
        Assert.False(EarlyRecompute.ShouldRecompute(0, 10_000, 100, 1.0, 0.001));
        Assert.True(EarlyRecompute.ShouldRecompute(0, 10_000, 100, 1.0, 1e-45));
    }

    [Fact]
    public void CloseToExpiryMostDrawsRecompute()
    {
        // 10 ms before expiry with delta 100 ms: any random below e^-0.1 = 0.905 recomputes.
        Assert.True(EarlyRecompute.ShouldRecompute(9_990, 10_000, 100, 1.0, 0.9));
        Assert.False(EarlyRecompute.ShouldRecompute(9_990, 10_000, 100, 1.0, 0.95));
    }

    [Fact]
    public void AtOrPastExpiryEveryDrawRecomputes()
    {
        Assert.True(EarlyRecompute.ShouldRecompute(10_000, 10_000, 100, 1.0, 1.0));
        Assert.True(EarlyRecompute.ShouldRecompute(10_500, 10_000, 0, 1.0, 0.5));
    }

    [Fact]
    public void ALargerBetaRecomputesEarlier()
    {
        Assert.False(EarlyRecompute.ShouldRecompute(9_800, 10_000, 100, 1.0, 0.5));
        Assert.True(EarlyRecompute.ShouldRecompute(9_800, 10_000, 100, 3.0, 0.5));
    }

    [Fact]
    public void AZeroDrawDoesNotOverflow() =>
        Assert.True(EarlyRecompute.ShouldRecompute(0, 10_000, 100, 1.0, 0));

    [Fact]
    public void OverManyDrawsTheShareThatRecomputesMatchesTheFormula()
    {
        // P(recompute) = exp(-(expiry - now) / (delta * beta)) = exp(-1) at one delta before expiry.
        var random = new Random(20151);
        var recomputed = Enumerable.Range(0, 100_000).Count(_ => EarlyRecompute.ShouldRecompute(9_900, 10_000, 100, 1.0, random.NextDouble()));

        Assert.InRange(recomputed / 100_000.0, Math.Exp(-1) - 0.01, Math.Exp(-1) + 0.01);
    }
}
