using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorHotTierSchemaTests
{
    [Fact]
    public void TheDimensionComesFromTheModel()
    {
        var schema = VectorHotTier.Schema(new VectorIndexOptions(), modelDimension: 384);

        Assert.Equal(384, schema.Dimension);
        Assert.Equal("embeddings", schema.Name);
        Assert.Equal("doc:", schema.KeyPrefix);
    }

    [Fact]
    public void AConfiguredDimensionServesAModelThatReportsNone() =>
        Assert.Equal(1536, VectorHotTier.Schema(new VectorIndexOptions { Dimension = 1536 }, modelDimension: null).Dimension);

    [Fact]
    public void AConfiguredDimensionThatDisagreesWithTheModelIsRefusedNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => VectorHotTier.Schema(new VectorIndexOptions { Dimension = 1536 }, modelDimension: 384));

        Assert.Contains("1536", error.Message, StringComparison.Ordinal);
        Assert.Contains("384", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDimensionAnywhereIsRefusedNamingTheSetting() =>
        Assert.Contains("Vectors:Dimension", Assert.Throws<InvalidOperationException>(() => VectorHotTier.Schema(new VectorIndexOptions(), null)).Message, StringComparison.Ordinal);

    [Fact]
    public void SettingsThatMakeNoValidSchemaAreRefusedSayingWhy() =>
        Assert.Contains("M must be between", Assert.Throws<InvalidOperationException>(() => VectorHotTier.Schema(new VectorIndexOptions { M = 1 }, 384)).Message, StringComparison.Ordinal);
}
