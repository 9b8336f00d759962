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
        await redis.GetDatabase().KeyDeleteAsync(index.SetKey);
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

    [Fact]
    public async Task ARebuildSwapsInTheNewSetWhileQueriesAlwaysSeeACompleteOne()
    {
        const int documents = 1500;
        using var rebuilding = new CancellationTokenSource();
        var emptyAnswers = 0;
        var queries = 0;
        var querying = Task.Run(async () =>
        {
            while (!rebuilding.IsCancellationRequested)
            {
                var result = await index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 3 }, CancellationToken.None);
                Interlocked.Increment(ref queries);
                if (result.Hits.Count == 0)
                {
                    Interlocked.Increment(ref emptyAnswers);
                }
            }
        });
        await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref queries) > 0), TimeSpan.FromSeconds(10), "queries are running");
        var queriesBefore = Volatile.Read(ref queries);

        var rebuilt = await index.RebuildAsync(NewVersion(documents), CancellationToken.None);
        var afterSwap = await index.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 1 }, CancellationToken.None);
        await rebuilding.CancelAsync();
        await querying;

        Assert.Equal(documents, rebuilt);
        Assert.Equal(documents, await index.CountAsync(CancellationToken.None));
        Assert.Equal(0, emptyAnswers);
        Assert.True(queries > queriesBefore, "queries ran during the rebuild");
        Assert.StartsWith("v2 ", afterSwap.Hits.Single().Fields["title"], StringComparison.Ordinal);
        Assert.False(await redis.GetDatabase().KeyExistsAsync($"{index.SetKey}:rebuild"));
    }

    [Fact]
    public async Task ASecondRebuildWhileOneRunsIsRefused()
    {
        var release = new TaskCompletionSource();
        var first = index.RebuildAsync(Slow(release.Task), CancellationToken.None);
        await Eventually.HoldsAsync(async () => await redis.GetDatabase().KeyExistsAsync($"{index.SetKey}:rebuild-lock"),
            TimeSpan.FromSeconds(5), "the first rebuild holds its lock");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => index.RebuildAsync(NewVersion(1), CancellationToken.None));
        release.SetResult();

        Assert.Contains("already running", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await first);
    }

    private static async IAsyncEnumerable<VectorDocument> NewVersion(int count)
    {
        for (var index = 0; index < count; index++)
        {
            await Task.Yield();
            var angle = index * 0.001f;
            yield return Document($"v2-{index}", [MathF.Cos(angle), MathF.Sin(angle), 0, 0], $"v2 document {index}");
        }
    }

    private static async IAsyncEnumerable<VectorDocument> Slow(Task release)
    {
        await release;
        yield return Document("slow", [1, 0, 0, 0], "v2 slow");
    }

    private static VectorDocument Document(string id, float[] vector, string title) => new(
        id,
        vector,
        new Dictionary<string, string> { ["tenant"] = "tidewater", ["language"] = "en" },
        new Dictionary<string, double> { ["updated_at"] = Fresh },
        new Dictionary<string, string> { ["title"] = title });

    private Task Add(string id, float[] vector, string tenant, string language, long updatedAt, string title) =>
        index.UpsertAsync(new VectorDocument(
            id,
            vector,
            new Dictionary<string, string> { ["tenant"] = tenant, ["language"] = language },
            new Dictionary<string, double> { ["updated_at"] = updatedAt },
            new Dictionary<string, string> { ["title"] = title }), CancellationToken.None);
}
