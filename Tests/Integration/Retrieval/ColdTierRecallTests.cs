using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Npgsql;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// pgvector's HNSW at the schema's default parameters against the cold tier's own exact mode, on real embeddings of
/// 5,000 paragraphs of the PostgreSQL manual, without and with a tenant filter (tenants assigned round-robin).
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ColdTierRecallTests(LocalServersFixture servers, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Documents = 5000;
    private const int Tenants = 4;
    private const int K = 10;

    private IsolatedPostgresSchema? database;
    private PostgresColdTier? tier;
    private float[][] corpus = [];
    private float[][] queries = [];

    private PostgresColdTier Tier => tier!;

    public async Task InitializeAsync()
    {
        var vectors = await ManualEmbeddings.LoadAsync();
        corpus = vectors[..Documents];
        queries = vectors[Documents..];
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        tier = await database.MigratedTierAsync(new VectorIndexSchema { Name = "recall", Dimension = LocalEmbeddingGenerator.ModelDimensions });
        await Tier.UpsertAsync([.. corpus.Select((vector, position) => Document(position, vector))], CancellationToken.None);

        // Without its b-tree the planner cannot answer the tenant filter by a bitmap scan and a sort (exact, and its
        // choice for a 1-in-4 tenant), so the filtered queries take the HNSW index with an iterative scan: the path measured.
        await database.ScalarAsync<object?>("DROP INDEX documents_tenant");
        await database.ScalarAsync<object?>("ANALYZE documents");
    }

    public async Task DisposeAsync() => await database!.DisposeAsync();

    [Fact]
    public async Task AtTheDefaultParametersRecallAt10IsAtLeast95PercentWithAndWithoutAFilter()
    {
        // The reference first: exact mode must be what brute force finds. Not exactly all of it: near-ties at the 10th
        // place may fall either side between pgvector's float and this double arithmetic.
        var agreed = 0;
        foreach (var query in queries)
        {
            var exact = await Tier.SearchAsync(new KnnQuery { Vector = query, K = K }, exact: true, CancellationToken.None);
            agreed += exact.Hits.Select(hit => hit.Id).Intersect(BruteForce(query)).Count();
        }

        Assert.True(agreed / (double)(queries.Length * K) >= 0.995, $"exact mode agreed with brute force on {agreed} of {queries.Length * K}");

        var unfiltered = await RecallAsync(_ => VectorFilter.None);
        var filtered = await RecallAsync(query => new VectorFilter { Tenant = TenantOf(query) });

        output.WriteLine(
            $"pgvector HNSW: recall@{K} {unfiltered:0.000} unfiltered, {filtered:0.000} with a 1-in-{Tenants} tenant filter, over {queries.Length} queries " +
            $"on {Documents} vectors of {LocalEmbeddingGenerator.ModelDimensions} dimensions (M {Tier.Schema.M}, EF construction {Tier.Schema.EfConstruction}, " +
            $"ef_search {Tier.Schema.QueryEf(K, requested: null)})");
        Assert.True(unfiltered >= 0.95, $"recall@{K} {unfiltered:0.000} unfiltered");
        Assert.True(filtered >= 0.95, $"recall@{K} {filtered:0.000} filtered");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task ApproximateQueriesUseTheHnswIndexAndExactOnesDoNot(bool exact, bool filtered)
    {
        var query = new KnnQuery { Vector = queries[0], K = K, Filter = filtered ? new VectorFilter { Tenant = TenantOf(0) } : VectorFilter.None };

        var plan = await ExplainAsync(query, exact);

        Assert.True(exact != plan.Contains(ColdTierMigrations.VectorIndexName(Tier.Table), StringComparison.Ordinal), plan);
    }

    private async Task<string> ExplainAsync(KnnQuery query, bool exact)
    {
        await using var connection = await database!.NewDataSource().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction);
        ColdTierSql.SearchSettings(Tier.Schema, query, exact).AddTo(batch);
        var search = ColdTierSql.Search(Tier.Table, Tier.Schema, query);
        (search with { Sql = $"EXPLAIN {search.Sql}" }).AddTo(batch);
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            // Without the query vector's 384 numbers.
            lines.Add(Regex.Replace(reader.GetString(0), @"'\[[^\]]*\]'::vector", "$1", RegexOptions.None, TimeSpan.FromSeconds(1)));
        }

        return string.Join('\n', lines);
    }

    private async Task<double> RecallAsync(Func<int, VectorFilter> filterOf)
    {
        var found = 0;
        for (var position = 0; position < queries.Length; position++)
        {
            var query = new KnnQuery { Vector = queries[position], K = K, Filter = filterOf(position) };
            var approximate = await Tier.SearchAsync(query, exact: false, CancellationToken.None);
            var exact = await Tier.SearchAsync(query, exact: true, CancellationToken.None);
            Assert.Equal(K, approximate.Hits.Count);
            Assert.All(approximate.Hits, hit => Assert.True(query.Filter.IsEmpty || hit.Id.StartsWith(query.Filter.Tenant + ":", StringComparison.Ordinal), hit.Id));
            found += approximate.Hits.Select(hit => hit.Id).Intersect(exact.Hits.Select(hit => hit.Id)).Count();
        }

        return found / (double)(queries.Length * K);
    }

    private IEnumerable<string> BruteForce(float[] query) =>
        corpus.Select((vector, position) => (Position: position, Cosine: TensorPrimitives.Dot(vector, query)))
            .OrderByDescending(candidate => candidate.Cosine)
            .Take(K)
            .Select(candidate => IdOf(candidate.Position));

    private static string TenantOf(int position) => $"t{position % Tenants}";

    private static string IdOf(int position) => $"{TenantOf(position)}:p{position}";

    private static ColdDocument Document(int position, float[] vector) => new()
    {
        Id = IdOf(position),
        Tenant = TenantOf(position),
        UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(1714600000),
        ContentHash = $"passage {position}",
        EmbeddingModel = LocalEmbeddingGenerator.DefaultModelId,
        Vector = vector,
    };
}
