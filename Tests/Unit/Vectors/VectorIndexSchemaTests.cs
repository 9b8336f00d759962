using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Vectors;

[Trait("Category", "Unit")]
public sealed class VectorIndexSchemaTests
{
    private static readonly VectorIndexSchema Valid = new() { Name = "idx:embeddings", Dimension = 384 };

    public static TheoryData<VectorIndexSchema, string> InvalidSchemas => new()
    {
        { Valid with { Dimension = 0 }, "Dimension" },
        { Valid with { Dimension = -3 }, "Dimension" },
        { Valid with { Dimension = 32769 }, "Dimension" },
        { Valid with { M = 1 }, "M" },
        { Valid with { M = 513 }, "M" },
        { Valid with { EfConstruction = 0 }, "EfConstruction" },
        { Valid with { EfConstruction = 5000 }, "EfConstruction" },
        { Valid with { EfRuntime = 0 }, "EfRuntime" },
        { Valid with { EfRuntime = 4097 }, "EfRuntime" },
        { Valid with { FilterEf = 0 }, "FilterEf" },
        { Valid with { FilterEf = 1_000_001 }, "FilterEf" },
        { Valid with { Metric = (VectorMetric)9 }, "Metric" },
        { Valid with { Algorithm = (VectorAlgorithm)9 }, "Algorithm" },
        { Valid with { Name = " " }, "Name" },
        { Valid with { Name = "idx embeddings" }, "Name" },
        { Valid with { KeyPrefix = "" }, "KeyPrefix" },
        { Valid with { TagFields = ["tenant", "tenant"] }, "field" },
        { Valid with { TextFields = ["title", "embedding"] }, "field" },
        { Valid with { TagFields = ["tenant}"] }, "field" },
        { Valid with { TextFields = ["ti tle"] }, "field" },
        { Valid with { NumericFields = [new NumericField("1st")] }, "field" },
        { Valid with { VectorField = "" }, "field" },
    };

    [Theory]
    [MemberData(nameof(InvalidSchemas))]
    public void AnInvalidSchemaIsRefusedNamingTheSetting(VectorIndexSchema schema, string setting)
    {
        var error = Assert.Throws<ArgumentException>(schema.Validate);

        Assert.Equal(setting, error.ParamName);
    }

    [Fact]
    public void TheDefaultsAreTheRecordedSchema()
    {
        Valid.Validate();

        Assert.Equal("doc:", Valid.KeyPrefix);
        Assert.Equal("embedding", Valid.VectorField);
        Assert.Equal(VectorMetric.Cosine, Valid.Metric);
        Assert.Equal(VectorAlgorithm.Hnsw, Valid.Algorithm);
        Assert.Equal((16, 64), (Valid.M, Valid.EfConstruction));
        Assert.Null(Valid.EfRuntime);
        Assert.Equal(["tenant", "language"], Valid.TagFields);
        Assert.Equal([new NumericField("updated_at", Sortable: true)], Valid.NumericFields);
        Assert.Equal(["tenant", "language", "updated_at", "title"], Valid.StoredFields);
    }

    [Theory]
    [InlineData(5, null, null, 100)]
    [InlineData(50, null, null, 500)]
    [InlineData(5, 40, null, 40)]
    [InlineData(5, 40, 7, 7)]
    public void AQueryExploresItsOwnEfElseTheSchemasElseTenPerResultAndAtLeast100(int k, int? schemaEf, int? queryEf, int expected) =>
        Assert.Equal(expected, (Valid with { EfRuntime = schemaEf }).QueryEf(k, queryEf));

    [Fact]
    public void AFlatSchemaIgnoresTheHnswSettings()
    {
        (Valid with { Algorithm = VectorAlgorithm.Flat, M = 1 }).Validate();
    }
}
