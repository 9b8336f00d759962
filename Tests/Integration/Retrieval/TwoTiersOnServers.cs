using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// Both tiers on the real servers, under names of the test's own: a Vector Sets hot index, a PostgreSQL schema, ask
/// counts and a result cache; a test class seeds them as it needs. Redis may be one server or a cluster.
/// </summary>
public abstract class TwoTiersOnServers(ISharedRedis redis, ISharedPostgres postgres) : IAsyncLifetime
{
    private readonly string asksKey = $"asks{Guid.NewGuid():N}";

    protected VectorIndexSchema Schema { get; } = new()
    {
        Name = $"tiers{Guid.NewGuid():N}",
        Dimension = 4,
        Quantization = VectorQuantization.NoQuantization,
    };

    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    private protected VectorSetsIndex Hot { get; private set; } = null!;

    private protected PostgresColdTier Cold { get; private set; } = null!;

    private protected RedisAskCounter Asks { get; private set; } = null!;

    protected ResultCache Cache { get; private set; } = null!;

    private protected RetrievalTelemetry Telemetry { get; } = new();

    private IsolatedPostgresSchema Database { get; set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await ConnectionMultiplexer.ConnectAsync(redis.RedisConnectionString);
        Database = await IsolatedPostgresSchema.CreateAsync(postgres.PostgresConnectionString);
        Hot = new VectorSetsIndex(Redis, Schema);
        Cold = await Database.MigratedTierAsync(Schema);
        Asks = new RedisAskCounter(Redis, asksKey);
        Cache = TestCaches.Create(Redis, TestCaches.NewPrefix());
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await SharedRedisKeys.DeleteAsync(Redis, $"{asksKey}*", $"*{Schema.Name}*");

        Cache.Dispose();
        Telemetry.Dispose();
        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Fills the tiers before each test.</summary>
    protected abstract Task SeedAsync();

    /// <summary>A retriever over these tiers, or over another hot tier.</summary>
    private protected TwoTierRetriever Retriever(IVectorSearch? hot = null, RetrievalOptions? options = null) =>
        new(hot ?? Hot, Cold, Asks, Options.Create(options ?? new RetrievalOptions()), Telemetry, NullLogger<TwoTierRetriever>.Instance);
}
