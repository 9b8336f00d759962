using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Retrieval;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Unit.Embeddings;

namespace RedisAspire.Tests.Integration.Retrieval;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ColdTierHostTests(LocalServersFixture servers) : IAsyncLifetime
{
    private IsolatedPostgresSchema? database;

    private IsolatedPostgresSchema Database => database!;

    public async Task InitializeAsync() => database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task AddColdTierMigratesAtStartUpWithTheModelsDimensionAndTheVectorsSettings()
    {
        using var host = Build(new Dictionary<string, string?> { ["Vectors:Metric"] = "L2" });

        await host.StartAsync();
        await host.StopAsync();

        var live = await new EmbeddingVersionStore(Database.NewDataSource()).ReadLiveAsync(CancellationToken.None);
        Assert.NotNull(live);
        Assert.Equal((1, "documents", 3), (live.Number, live.Table, live.Dimensions));
        Assert.Equal(new Core.Embeddings.EmbeddingModel(Core.Embeddings.EmbeddingProvider.Local, "all-MiniLM-L6-v2"), live.Model);
        Assert.Equal("vector(3)", await Database.ScalarAsync<string>("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'documents'::regclass AND attname = 'embedding'"));
        Assert.Contains("vector_l2_ops", await Database.ScalarAsync<string>("SELECT pg_get_indexdef('documents_embedding_hnsw'::regclass)"), StringComparison.Ordinal);
        Assert.Equal(5, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0, await Database.ScalarAsync<long>("SELECT count(*) FROM documents"));
    }

    [Fact]
    public async Task ReplicasStartingTogetherOnANewDatabaseAllStartOnTheOneFirstVersion()
    {
        var hosts = Enumerable.Range(0, 8).Select(_ => Build([])).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(host => Task.Run(() => host.StartAsync())));
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }
        }

        var versions = await new EmbeddingVersionStore(Database.NewDataSource()).ReadAllAsync(CancellationToken.None);
        Assert.Equal((1, EmbeddingVersionState.Live), (versions.Single().Number, versions.Single().State));
    }

    [Fact]
    public async Task WithMigrateOnStartOffTheHostCreatesNothing()
    {
        using var host = Build(new Dictionary<string, string?> { ["ColdTier:MigrateOnStart"] = "false" });

        await host.StartAsync();
        await host.StopAsync();

        Assert.Null(await Database.ScalarAsync<string?>("SELECT to_regclass('documents')::text"));
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(Database.NewDataSource());
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new CountingEmbeddingGenerator());
        builder.AddColdTier();
        return builder.Build();
    }
}
