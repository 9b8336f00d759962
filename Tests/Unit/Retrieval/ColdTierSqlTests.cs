using Npgsql;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Unit.Retrieval;

[Trait("Category", "Unit")]
public sealed class ColdTierSqlTests
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "cold",
        Dimension = 4,
        TagFields = ["tenant", "language", "source"],
        NumericFields = [new NumericField("updated_at"), new NumericField("version")],
    };

    [Fact]
    public void ColumnsAndMetadataKeysBecomeConditionsWithEveryValueAParameter()
    {
        var parameters = new List<NpgsqlParameter>();
        var filter = new VectorFilter
        {
            Tenant = "tidewater",
            Language = "en",
            UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(10),
            UpdatedBefore = DateTimeOffset.FromUnixTimeSeconds(20),
            Tags = new Dictionary<string, string> { ["source"] = "wiki" },
            Ranges = new Dictionary<string, NumericRange> { ["version"] = new(Min: 2, MinExclusive: true) },
        };

        var where = ColdTierFilterSql.Render(filter, Schema, parameters);

        Assert.Equal(
            " WHERE tenant = $1 AND language = $2 AND metadata ->> $3 = $4 AND updated_at >= to_timestamp($5) AND updated_at < to_timestamp($6)" +
            " AND (CASE jsonb_typeof(metadata -> $7) WHEN 'number' THEN (metadata ->> $7)::double precision END) > $8",
            where);
        Assert.Equal(["tidewater", "en", "source", "wiki", 10.0, 20.0, "version", 2.0], parameters.Select(parameter => parameter.Value));
    }

    [Fact]
    public void AHostileValueStaysInItsParameter()
    {
        var parameters = new List<NpgsqlParameter>();
        const string hostile = "tidewater'; DROP TABLE documents; --";

        var where = ColdTierFilterSql.Render(new VectorFilter { Tenant = hostile }, Schema, parameters);

        Assert.Equal(" WHERE tenant = $1", where);
        Assert.Equal(hostile, parameters.Single().Value);
    }

    [Fact]
    public void AFieldTheSchemaLacksIsRefusedBeforeAnySqlIsBuilt()
    {
        var error = Assert.Throws<ArgumentException>(() => ColdTierFilterSql.Render(
            new VectorFilter { Tags = new Dictionary<string, string> { ["x'; --"] = "1" } }, Schema, []));

        Assert.Equal("filters.x'; --", error.ParamName);
    }

    [Fact]
    public void AnEmptyFilterHasNoWhereClause() => Assert.Equal(string.Empty, ColdTierFilterSql.Render(VectorFilter.None, Schema, []));

    [Fact]
    public void TheSearchOrdersByTheMetricsOperatorThenReSortsTheMaterialisedNearest()
    {
        var search = ColdTierSql.Search(ColdTierTables.First, Schema with { Metric = VectorMetric.InnerProduct }, new KnnQuery { Vector = [1, 0, 0, 0], K = 7, Filter = new VectorFilter { Tenant = "t" } });

        Assert.Contains("WITH nearest AS MATERIALIZED (", search.Sql, StringComparison.Ordinal);
        Assert.Contains("embedding <#> $1 AS distance", search.Sql, StringComparison.Ordinal);
        Assert.Contains("FROM documents WHERE tenant = $3", search.Sql, StringComparison.Ordinal);
        Assert.Contains("ORDER BY distance\n    LIMIT $2)", search.Sql, StringComparison.Ordinal);
        Assert.EndsWith("FROM nearest ORDER BY distance, id", search.Sql, StringComparison.Ordinal);
        Assert.Equal([7, "t"], search.Parameters.Skip(1).Select(parameter => parameter.Value));
    }

    [Fact]
    public void TheBodyIsReadOnlyWhenTheSchemaReturnsIt()
    {
        var query = new KnnQuery { Vector = [1, 0, 0, 0], K = 1 };

        Assert.Contains("NULL::text AS body", ColdTierSql.Search(ColdTierTables.First, Schema, query).Sql, StringComparison.Ordinal);
        Assert.Contains(", body AS body", ColdTierSql.Search(ColdTierTables.First, Schema with { TextFields = ["title", "body"] }, query).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnfilteredQuerySetsOnlyItsEf()
    {
        var settings = ColdTierSql.SearchSettings(Schema, new KnnQuery { Vector = [1, 0, 0, 0], K = 10 }, exact: false);

        Assert.Equal("SELECT set_config($1, $2, true)", settings.Sql);
        Assert.Equal(["hnsw.ef_search", "100"], settings.Parameters.Select(parameter => parameter.Value));
    }

    [Fact]
    public void AFilteredExactQueryScansIterativelyAndWithoutTheIndex()
    {
        var settings = ColdTierSql.SearchSettings(Schema, new KnnQuery { Vector = [1, 0, 0, 0], K = 10, Filter = new VectorFilter { Tenant = "t" } }, exact: true);

        Assert.Equal("SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true)", settings.Sql);
        Assert.Equal(
            ["hnsw.ef_search", "100", "hnsw.iterative_scan", "relaxed_order", "enable_indexscan", "off"],
            settings.Parameters.Select(parameter => parameter.Value));
    }

    [Theory]
    [InlineData(10, null, null, 100)]
    [InlineData(50, null, null, 500)]
    [InlineData(200, null, null, 1000)]
    [InlineData(10, 5, null, 10)]
    [InlineData(10, 4000, null, 1000)]
    [InlineData(10, null, 40, 40)]
    public void EfSearchIsTheHotTiersEfAtLeastKAndAtMostPgvectorsLimit(int k, int? requested, int? schemaEf, int expected)
    {
        Assert.Equal(expected, ColdTierSql.EfSearch(Schema with { EfRuntime = schemaEf }, new KnnQuery { Vector = [1, 0, 0, 0], K = k, EfRuntime = requested }));
    }
}
