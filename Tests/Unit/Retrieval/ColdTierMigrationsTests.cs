using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class ColdTierMigrationsTests
{
    [Fact]
    public void TheStepsCarryTheDimensionTheMetricsOperatorClassAndTheHnswSettings()
    {
        var steps = ColdTierMigrations.For(new VectorIndexSchema { Name = "cold", Dimension = 384, Metric = VectorMetric.L2, M = 24, EfConstruction = 100 });

        Assert.Equal([1, 2, 3, 4, 5], steps.Select(step => step.Version));
        Assert.Contains("embedding vector(384) NOT NULL", steps[0].Sql, StringComparison.Ordinal);
        Assert.Contains("metadata jsonb NOT NULL DEFAULT '{}'", steps[0].Sql, StringComparison.Ordinal);
        Assert.EndsWith("USING hnsw (embedding vector_l2_ops) WITH (m = 24, ef_construction = 100)", steps[1].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void TheDocumentIdStepAddsTheColumnBackfillsItThenIndexesItAndCanRunAgain()
    {
        var step = ColdTierMigrations.For(new VectorIndexSchema { Name = "cold", Dimension = 4 })[3];

        var statements = step.Sql.Split(';', StringSplitOptions.TrimEntries);
        Assert.Equal(3, statements.Length);
        Assert.StartsWith("ALTER TABLE documents ADD COLUMN IF NOT EXISTS document_id text", statements[0], StringComparison.Ordinal);
        Assert.StartsWith("UPDATE documents SET document_id", statements[1], StringComparison.Ordinal);
        Assert.EndsWith("WHERE document_id IS NULL", statements[1], StringComparison.Ordinal);
        Assert.Equal("CREATE INDEX IF NOT EXISTS documents_document_id ON documents (document_id)", statements[2]);
    }

    [Fact]
    public void AVersionsTableGetsTheSameStepsUnderItsOwnNames()
    {
        var steps = ColdTierMigrations.For(new VectorIndexSchema { Name = "cold", Dimension = 4 }, ColdTierTables.Of(3));

        Assert.StartsWith("CREATE TABLE IF NOT EXISTS documents_v3 (", steps[0].Sql.Trim(), StringComparison.Ordinal);
        Assert.StartsWith("CREATE INDEX IF NOT EXISTS documents_v3_embedding_hnsw ON documents_v3 USING hnsw", steps[1].Sql, StringComparison.Ordinal);
        Assert.Contains("documents_v3_tenant ON documents_v3 (tenant)", steps[2].Sql, StringComparison.Ordinal);
        Assert.Contains("documents_v3_document_id ON documents_v3 (document_id)", steps[3].Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("documents; DROP TABLE x")]
    [InlineData("documents_v1")]
    [InlineData("documents_v02")]
    [InlineData("other")]
    public void OnlyTheVersionsTableNamesEnterTheSql(string table) =>
        Assert.Throws<ArgumentException>(() => ColdTierMigrations.For(new VectorIndexSchema { Name = "cold", Dimension = 4 }, table));

    [Fact]
    public void WithoutHnswSettingsPgvectorsDefaultsApply()
    {
        var steps = ColdTierMigrations.For(new VectorIndexSchema { Name = "cold", Dimension = 4, M = null, EfConstruction = null });

        Assert.EndsWith("USING hnsw (embedding vector_cosine_ops)", steps[1].Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(101, 300, "M")]
    [InlineData(16, 20, "EfConstruction")]
    [InlineData(16, 2000, "EfConstruction")]
    public void HnswSettingsPgvectorRefusesAreRefusedNamingTheSetting(int m, int efConstruction, string setting)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ColdTierMigrations.For(new VectorIndexSchema { Name = "cold", Dimension = 4, M = m, EfConstruction = efConstruction }));

        Assert.Equal(setting, error.ParamName);
    }
}
