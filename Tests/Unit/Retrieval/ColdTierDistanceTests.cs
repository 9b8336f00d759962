using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class ColdTierDistanceTests
{
    [Theory]
    [InlineData(VectorMetric.Cosine, "<=>", "vector_cosine_ops")]
    [InlineData(VectorMetric.InnerProduct, "<#>", "vector_ip_ops")]
    [InlineData(VectorMetric.L2, "<->", "vector_l2_ops")]
    public void EachMetricHasTheOperatorItsIndexClassServes(VectorMetric metric, string expectedOperator, string operatorClass)
    {
        Assert.Equal(expectedOperator, ColdTierDistance.Operator(metric));
        Assert.Equal(operatorClass, ColdTierDistance.OperatorClass(metric));
    }

    [Fact]
    public void CosineDistanceIsAlreadyRediSearchs() => Assert.Equal(0.25, ColdTierDistance.ToRediSearch(VectorMetric.Cosine, 0.25));

    [Theory]
    [InlineData(-0.5, 0.5)]
    [InlineData(-2, -1)]
    [InlineData(0.5, 1.5)]
    public void TheNegativeDotProductBecomesOneMinusTheDotProduct(double pgvector, double rediSearch) =>
        Assert.Equal(rediSearch, ColdTierDistance.ToRediSearch(VectorMetric.InnerProduct, pgvector), 12);

    [Fact]
    public void TheEuclideanDistanceIsSquared() => Assert.Equal(2.0, ColdTierDistance.ToRediSearch(VectorMetric.L2, Math.Sqrt(2)), 12);
}
