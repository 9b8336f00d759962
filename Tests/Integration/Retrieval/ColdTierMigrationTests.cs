using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Retrieval;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ColdTierMigrationTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const int Steps = 5;
    private IsolatedPostgresSchema? database;

    private IsolatedPostgresSchema Database => database!;

    public async Task InitializeAsync() => database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task MigratingAgainAppliesNothingAndRecordsEachStepOnce()
    {
        var tier = new PostgresColdTier(Database.NewDataSource(), Schema(4));

        Assert.Equal(Steps, await tier.MigrateAsync(CancellationToken.None));
        Assert.Equal(0, await tier.MigrateAsync(CancellationToken.None));

        Assert.Equal(Steps, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0, await tier.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task FourReplicasMigratingAtOnceApplyEachStepOnceWithoutError()
    {
        var dataSources = Enumerable.Range(0, 4).Select(_ => Database.NewDataSource()).ToList();
        foreach (var dataSource in dataSources)
        {
            // A pooled connection each, so the four migrations start together rather than one per connection opened.
            await (await dataSource.OpenConnectionAsync()).DisposeAsync();
        }

        var replicas = dataSources.Select(dataSource => new PostgresColdTier(dataSource, Schema(4))).ToList();

        var applied = await Task.WhenAll(replicas.Select(replica => Task.Run(() => replica.MigrateAsync(CancellationToken.None))));

        Assert.Equal(Steps, applied.Sum());
        Assert.Equal(Steps, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(Steps, await Database.ScalarAsync<long>("SELECT count(DISTINCT version) FROM schema_migrations"));
        Assert.Equal(0, await replicas[3].CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ATableOfTheThirdStepGetsDocumentIdsFromItsRowIdsAndTheirIndex()
    {
        await MigrateToThirdStepWithRowsAsync();
        var tier = new PostgresColdTier(Database.NewDataSource(), Schema(4));

        // The fourth step and the fifth (the embedding versions' ledger).
        Assert.Equal(2, await tier.MigrateAsync(CancellationToken.None));
        Assert.Equal(0, await tier.MigrateAsync(CancellationToken.None));

        Assert.Equal(
            "a#0=a a#1=a a#b#12=a#b faq#returns=faq#returns plain=plain tail#=tail#",
            await Database.ScalarAsync<string>("SELECT string_agg(id || '=' || document_id, ' ' ORDER BY id) FROM documents"));
        Assert.Contains(
            "(document_id)",
            await Database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'documents_document_id'", Database.Name),
            StringComparison.Ordinal);
        var chunks = await tier.ReadChunkHashesAsync(["a"], CancellationToken.None);
        Assert.Equal(["a#0", "a#1"], chunks["a"].Select(chunk => chunk.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FourReplicasUpgradingATableOfTheThirdStepAtOnceApplyTheLaterStepsOnce()
    {
        await MigrateToThirdStepWithRowsAsync();
        var replicas = Enumerable.Range(0, 4).Select(_ => new PostgresColdTier(Database.NewDataSource(), Schema(4))).ToList();

        var applied = await Task.WhenAll(replicas.Select(replica => Task.Run(() => replica.MigrateAsync(CancellationToken.None))));

        Assert.Equal(2, applied.Sum());
        Assert.Equal(Steps, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT count(*) FROM documents WHERE document_id IS NULL"));
    }

    [Fact]
    public async Task TheTableHasAnHnswIndexForTheMetricWithTheSchemasSettingsAndTheFilterIndexes()
    {
        await Database.MigratedTierAsync(Schema(4) with { Metric = VectorMetric.InnerProduct, M = 8, EfConstruction = 32 });

        var hnsw = await Database.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = 'documents_embedding_hnsw'", Database.Name);
        Assert.Contains("USING hnsw (embedding vector_ip_ops) WITH (m='8', ef_construction='32')", hnsw, StringComparison.Ordinal);
        var filters = await Database.ScalarAsync<string>(
            "SELECT string_agg(indexdef, ' | ' ORDER BY indexname) FROM pg_indexes WHERE schemaname = $1 AND indexname <> 'documents_embedding_hnsw'", Database.Name);
        Assert.Contains("(language)", filters, StringComparison.Ordinal);
        Assert.Contains("(tenant)", filters, StringComparison.Ordinal);
        Assert.Contains("(updated_at)", filters, StringComparison.Ordinal);
        Assert.Equal("vector(4)", await Database.ScalarAsync<string>(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass('documents') AND attname = 'embedding'"));
    }

    [Fact]
    public async Task ATableOfAnotherDimensionIsRefusedSayingBothDimensions()
    {
        await Database.MigratedTierAsync(Schema(4));
        var other = new PostgresColdTier(Database.NewDataSource(), Schema(8));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.MigrateAsync(CancellationToken.None));

        Assert.Contains("holds vectors of 4 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHnswIndexForAnotherMetricIsRefusedNamingIt()
    {
        await Database.MigratedTierAsync(Schema(4));
        var other = new PostgresColdTier(Database.NewDataSource(), Schema(4) with { Metric = VectorMetric.L2 });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => other.MigrateAsync(CancellationToken.None));

        Assert.Contains("does not serve metric L2 (vector_l2_ops)", error.Message, StringComparison.Ordinal);
    }

    private static VectorIndexSchema Schema(int dimension) => new() { Name = "cold", Dimension = dimension };

    // The table as the first three steps left it, recorded as they record themselves, with rows of the kinds ids take.
    private async Task MigrateToThirdStepWithRowsAsync()
    {
        var dataSource = Database.NewDataSource();
        await using (var ledger = dataSource.CreateCommand(ColdTierMigrations.CreateLedger))
        {
            await ledger.ExecuteNonQueryAsync();
        }

        foreach (var step in ColdTierMigrations.For(Schema(4)).Where(step => step.Version <= 3))
        {
            await using var apply = dataSource.CreateCommand(step.Sql);
            await apply.ExecuteNonQueryAsync();
            await using var record = dataSource.CreateCommand(ColdTierMigrations.Record);
            record.Parameters.Add(new Npgsql.NpgsqlParameter { Value = step.Version });
            record.Parameters.Add(new Npgsql.NpgsqlParameter { Value = step.Description });
            await record.ExecuteNonQueryAsync();
        }

        foreach (var id in new[] { "a#0", "a#1", "a#b#12", "faq#returns", "plain", "tail#" })
        {
            await using var insert = dataSource.CreateCommand(
                "INSERT INTO documents (id, tenant, updated_at, content_hash, embedding_model, embedding) VALUES ($1, 't', now(), 'h', 'm', '[1,0,0,0]')");
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
            await insert.ExecuteNonQueryAsync();
        }
    }
}
