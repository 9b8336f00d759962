using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Unit.Caching;

[Trait("Category", "Unit")]
public sealed class PercentilesTests
{
    private static readonly double[] Sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(90, 90)]
    [InlineData(99, 100)]
    [InlineData(100, 100)]
    [InlineData(1, 10)]
    public void TheNearestRankIsTheSmallestValueCoveringThePercent(int percent, double expected) =>
        Assert.Equal(expected, Percentiles.NearestRank(Sorted, percent));

    [Fact]
    public void NoValuesHaveNoPercentile() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([], 50));
}
