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
        var tier = host.Services.GetRequiredService<ColdTierHost>().Tier;
        await host.StopAsync();

        Assert.Equal(3, tier.Schema.Dimension);
        Assert.Equal(Core.Vectors.VectorMetric.L2, tier.Schema.Metric);
        Assert.Equal(4, await Database.ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        Assert.Equal(0, await tier.CountAsync(CancellationToken.None));
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
