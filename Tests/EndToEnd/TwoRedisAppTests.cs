using System.Net.Http.Json;
using System.Text.Json;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>The whole app with <c>Redis:Layout=two</c>: the vector hot tier on a Redis of its own.</summary>
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
}
