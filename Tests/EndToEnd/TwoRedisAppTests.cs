using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using RedisAspire.Core.Ingestion.Queue;
using StackExchange.Redis;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>The whole app with <c>Redis:Layout=two</c>: the vector hot tier and the ingestion queue on a Redis of their own.</summary>
public sealed class TwoRedisAppFixture : WholeAppFixture
{
    protected override IReadOnlyList<string> Settings => ["Redis:Layout=two"];

    protected override IReadOnlyList<string> HealthyResources => [.. base.HealthyResources, "vectors"];
}

[Trait("Category", "EndToEnd")]
public sealed class TwoRedisAppTests(TwoRedisAppFixture whole) : IClassFixture<TwoRedisAppFixture>
{
    [Fact]
    public async Task TheApiReportsTheHotTierOnTheVectorsRedisAndTheCacheOnItsOwn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = await whole.CreateApiClientAsync([], timeout.Token);

        var status = await api.GetFromJsonAsync<JsonElement>("/status", timeout.Token);

        var connections = status.GetProperty("redisConnections").EnumerateArray()
            .ToDictionary(connection => connection.GetProperty("name").GetString()!, connection => connection.GetProperty("holdsHotTier").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["cache"] = false, ["vectors"] = true }, connections);
    }

    [Fact]
    public async Task AWriteIsQueuedOnTheVectorsRedisThatNeverEvictsAndTheWorkerAppliesIt()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"harbor{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);

        using var response = await api.PutAsJsonAsync(
            $"/documents/ferry-{tenant}", new { body = "The harbour ferry leaves the north quay every twenty minutes.", title = "Ferry", tenant, language = "en" }, timeout.Token);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(timeout.Token));
        var operation = (await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("operationId").GetString()!;
        await WholeAppTests.WaitForOperationAsync(api, operation, timeout.Token);

        var keys = new IngestionQueueKeys(new IngestionQueueOptions().KeyPrefix);
        await using var vectors = await ConnectionMultiplexer.ConnectAsync((await whole.App.GetConnectionStringAsync("vectors", timeout.Token))!);
        await using var cache = await ConnectionMultiplexer.ConnectAsync((await whole.App.GetConnectionStringAsync("cache", timeout.Token))!);
        Assert.Equal((true, true), (await vectors.GetDatabase().KeyExistsAsync(keys.Stream), await vectors.GetDatabase().KeyExistsAsync(keys.Operation(operation))));
        Assert.Equal((false, false), (await cache.GetDatabase().KeyExistsAsync(keys.Stream), await cache.GetDatabase().KeyExistsAsync(keys.Operation(operation))));
    }
}
