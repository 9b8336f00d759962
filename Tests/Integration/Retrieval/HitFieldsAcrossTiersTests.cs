using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Vectors;
using StackExchange.Redis;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// The two-tier contract on the stored fields: for the same documents, the hot answer (from either Redis engine) and the
/// cold answer (PostgreSQL) carry identical fields, every TAG, NUMERIC and TEXT field of the schema, in one order and
/// one notation. RediSearch runs when a Redis with the query engine is reachable (see <see cref="QueryEngineRedisFixture"/>).
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class HitFieldsAcrossTiersTests(LocalServersFixture servers, QueryEngineRedisFixture queryEngine)
    : IAsyncLifetime, IClassFixture<QueryEngineRedisFixture>
{
    private static readonly KnnQuery Nearest = new() { Vector = [1, 0, 0, 0], K = 4, Filter = new VectorFilter { Tenant = "tidewater" } };

    private readonly VectorIndexSchema schema = new()
    {
        Name = $"fields{Guid.NewGuid():N}",
        KeyPrefix = $"fields{Guid.NewGuid():N}:",
        Dimension = 4,
        Quantization = VectorQuantization.NoQuantization,
        TagFields = ["tenant", "language", "category"],
        NumericFields = [new("updated_at", Sortable: true), new("priority")],
        TextFields = ["title"],
    };

    private IsolatedPostgresSchema database = null!;
    private PostgresColdTier cold = null!;

    public async Task InitializeAsync()
    {
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        cold = await database.MigratedTierAsync(schema);
        await cold.UpsertAsync(Documents(), CancellationToken.None);
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task AVectorSetsAnswerAndAPostgresAnswerCarryIdenticalFields()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var hot = new VectorSetsIndex(redis, schema);
        try
        {
            await AssertBothTiersCarryIdenticalFieldsAsync(hot);
        }
        finally
        {
            await hot.DropAsync(CancellationToken.None);
        }
    }

    [SkippableFact]
    public async Task ARediSearchAnswerAndAPostgresAnswerCarryIdenticalFields()
    {
        Skip.If(queryEngine.Redis is null, queryEngine.SkipReason);
        var hot = new RediSearchIndex(queryEngine.Redis!, schema);
        try
        {
            await AssertBothTiersCarryIdenticalFieldsAsync(hot);
        }
        finally
        {
            await RediSearchIndexTests.DropAsync(queryEngine.Redis!, hot);
        }
    }

    private async Task AssertBothTiersCarryIdenticalFieldsAsync(IVectorIndex hot)
    {
        foreach (var document in Documents())
        {
            await hot.UpsertAsync(document.ToVectorDocument(schema), CancellationToken.None);
        }

        using var telemetry = new RetrievalTelemetry();
        var retriever = new TwoTierRetriever(
            hot, cold, new UncountedAsks(), Options.Create(new RetrievalOptions()), telemetry, NullLogger<TwoTierRetriever>.Instance);

        var fromHot = await retriever.RetrieveAsync(new RetrievalQuery(Nearest, RetrievalTier.Hot), CancellationToken.None);
        var fromCold = await retriever.RetrieveAsync(new RetrievalQuery(Nearest, RetrievalTier.Cold), CancellationToken.None);

        Assert.Equal((RetrievalTier.Hot, RetrievalTier.Cold), (fromHot.Tier, fromCold.Tier));
        Assert.Equal(["full", "sparse", "fraction"], fromHot.Hits.Select(hit => hit.Id));
        Assert.Equal(fromHot.Hits.Select(hit => hit.Id), fromCold.Hits.Select(hit => hit.Id));
        Assert.All(fromHot.Hits.Zip(fromCold.Hits), pair => Assert.Equal(pair.First.Fields.ToList(), pair.Second.Fields.ToList()));
        Assert.Equal(
            [
                new("tenant", "tidewater"), new("language", "en"), new("category", "policy"),
                new("updated_at", "1714600000"), new("priority", "2"), new("title", "Insulin storage policy v3"),
            ],
            fromHot.Hits[0].Fields.ToList<KeyValuePair<string, string>>());
        Assert.Equal(
            [new("tenant", "tidewater"), new("updated_at", "1700000000"), new("title", "Untagged note")],
            fromHot.Hits[1].Fields.ToList<KeyValuePair<string, string>>());
        Assert.Equal("0.1", fromHot.Hits[2].Fields["priority"]);
    }

    // A document with every field, one without language or metadata, one with a fractional number.
    private static IReadOnlyList<ColdDocument> Documents() =>
    [
        Document("full", [1, 0, 0, 0], "tidewater", "en", Fresh, "Insulin storage policy v3", metadata: """{"category":"policy","priority":2}"""),
        Document("sparse", [0.9f, 0.1f, 0, 0], "tidewater", null, Retired, "Untagged note"),
        Document("fraction", [0.5f, 0.5f, 0, 0], "tidewater", "fr", Fresh, "Politique", metadata: """{"category":"politique","priority":0.1}"""),
        Document("other", [1, 0, 0, 0], "beancraft", "en", Fresh, "Espresso machine descaling", metadata: """{"category":"policy"}"""),
    ];

    /// <summary>Asks are not what these tests are about.</summary>
    private sealed class UncountedAsks : IAskCounter
    {
        public void Record(string? tenant, IReadOnlyList<string> ids)
        {
        }
    }
}
