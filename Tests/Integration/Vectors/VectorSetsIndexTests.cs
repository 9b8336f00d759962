using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsIndexTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const long Fresh = 1714600000;
    private const long Retired = 1700000000;
    private static readonly DateTimeOffset Cutoff = DateTimeOffset.FromUnixTimeSeconds(1714521600);

    private readonly VectorIndexSchema schema = new()
    {
        Name = $"vset:{Guid.NewGuid():N}",
        Dimension = 4,
        Quantization = VectorQuantization.NoQuantization,
    };

    private ConnectionMultiplexer redis = null!;
    private VectorSetsIndex index = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        index = new VectorSetsIndex(redis, schema);
        await Add("1", [1, 0, 0, 0], "tidewater", "en", Fresh, "Insulin storage policy v3");
        await Add("2", [0.9f, 0.1f, 0, 0], "tidewater", "en", Fresh, "Insulin transport guideline");
        await Add("3", [0.95f, 0.05f, 0, 0], "tidewater", "fr", Fresh, "Politique de stockage de l'insuline");
        await Add("4", [0.99f, 0.01f, 0, 0], "beancraft", "en", Fresh, "Espresso machine descaling");
        await Add("5", [0.98f, 0.02f, 0, 0], "tidewater", "en", Retired, "Insulin storage policy v1 (retired)");
        await Add("6", [0, 1, 0, 0], "tidewater", "en", Fresh, "Hand hygiene");
    }

    public async Task DisposeAsync()
    {
        await redis.GetDatabase().KeyDeleteAsync(schema.Name);
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task AHybridQueryReturnsTheClosestDocumentsThatPassTheFilterClosestFirst()
    {
        var result = await index.SearchAsync(new KnnQuery
        {
            Vector = [1, 0, 0, 0],
            K = 5,
            Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff },
        }, CancellationToken.None);

        Assert.Equal(["1", "2", "6"], result.Hits.Select(hit => hit.Id));
        Assert.Equal("Insulin storage policy v3", result.Hits[0].Fields["title"]);
        Assert.Equal(1.0, result.Hits[0].Similarity!.Value, 3);
        Assert.Equal(0.0, result.Hits[0].Distance!.Value, 3);
        Assert.Equal(0.0, result.Hits[2].Similarity!.Value, 3);
        Assert.Equal(1.0, result.Hits[2].Distance!.Value, 3);
    }

    [Fact]
    public async Task ScoresAreTheCosineOfTheVectors()
    {
        var result = await index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 1, Filter = new VectorFilter { Tenant = "tidewater", Language = "fr" } }, CancellationToken.None);

        var expected = 0.95 / Math.Sqrt((0.95 * 0.95) + (0.05 * 0.05));
        Assert.Equal(expected, result.Hits.Single().Similarity!.Value, 4);
    }

    [Fact]
    public async Task ADeletedDocumentIsNeitherFoundNorCounted()
    {
        Assert.Equal(6, await index.CountAsync(CancellationToken.None));

        Assert.True(await index.DeleteAsync("1", CancellationToken.None));
        Assert.False(await index.DeleteAsync("1", CancellationToken.None));

        Assert.Equal(5, await index.CountAsync(CancellationToken.None));
        var result = await index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 10 }, CancellationToken.None);
        Assert.DoesNotContain("1", result.Hits.Select(hit => hit.Id));
    }

    [Fact]
    public async Task UpsertingReplacesTheVectorAndTheFields()
    {
        await Add("6", [1, 0, 0, 0], "tidewater", "en", Fresh, "Hand hygiene v2");

        var result = await index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 2, Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff } }, CancellationToken.None);

        Assert.Contains(result.Hits, hit => hit.Id == "6" && hit.Fields["title"] == "Hand hygiene v2" && hit.Similarity > 0.999);
        Assert.Equal(6, await index.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AVectorOfTheWrongDimensionIsRefusedSayingExpectedAndActual()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new KnnQuery { Vector = [1, 0, 0], K = 1 }, CancellationToken.None));

        Assert.Equal("vector", error.ParamName);
        Assert.Contains("has 3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMetricOtherThanCosineIsRefusedPointingToTheOtherEngine()
    {
        var error = Assert.Throws<ArgumentException>(() => new VectorSetsIndex(redis, schema with { Metric = VectorMetric.L2 }));

        Assert.Contains("RediSearch", error.Message, StringComparison.Ordinal);
    }

    private Task Add(string id, float[] vector, string tenant, string language, long updatedAt, string title) =>
        index.UpsertAsync(new VectorDocument(
            id,
            vector,
            new Dictionary<string, string> { ["tenant"] = tenant, ["language"] = language },
            new Dictionary<string, double> { ["updated_at"] = updatedAt },
            new Dictionary<string, string> { ["title"] = title }), CancellationToken.None);
}
