using System.Net;
using System.Text.Json;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// <c>GET /search/stats</c>: the figures move by exactly what a test's own searches did (the Api's tests run one at a
/// time, so nothing else searches meanwhile); every search is of a tenant of its own, so none is answered by another's
/// cached result.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class SearchStatisticsApiTests(ApiFixture api)
{
    private const int Window = 1000;

    [Fact]
    public async Task ThreeSearchesForcedOntoTheHotTierAndTwoOntoPostgresAreCountedByTierWithTheirLatencies()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync([LiveTiers.Chunk($"doc-{tenant}", tenant, api.AtDistance(0.1))]);
        var before = await StatisticsAsync(client);

        foreach (var (tier, k) in new[] { ("hot", 1), ("hot", 2), ("hot", 3), ("cold", 1), ("cold", 2) })
        {
            var answer = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector = api.AtDistance(0), k, tier, filters = new { tenant } });
            Assert.Equal(tier, answer.GetProperty("tier").GetString(), ignoreCase: true);
        }

        var after = await StatisticsAsync(client);
        Assert.Equal((3, 2), (Count(after, before, "answers", "hot"), Count(after, before, "answers", "cold")));
        Assert.Equal(0, FallbackTotal(after) - FallbackTotal(before));
        Assert.Equal((5, 0, 0), (Count(after, before, "resultCache", "misses"), Count(after, before, "resultCache", "hits"), Count(after, before, "resultCache", "l1Hits")));
        Assert.Equal(0, Count(after, before, "embeddingCache", "misses") + Count(after, before, "embeddingCache", "hits") + Count(after, before, "embeddingCache", "l1Hits"));
        AssertLatency(after, before, "hot", 3);
        AssertLatency(after, before, "cold", 2);
        var answers = after.GetProperty("answers");
        var (hot, cold) = (answers.GetProperty("hot").GetInt64(), answers.GetProperty("cold").GetInt64());
        Assert.Equal((double)hot / (hot + cold), answers.GetProperty("hotShare").GetDouble(), 9);
    }

    [Fact]
    public async Task AFallbackIsCountedUnderItsReasonAndEveryReasonIsListedWithZeroIncluded()
    {
        using var client = api.CreateClient();
        var before = await StatisticsAsync(client);

        var answer = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector = api.AtDistance(0), k = 3, filters = new { tenant = NewTenant() } });

        Assert.Equal("TooFewResults", answer.GetProperty("missReason").GetString());
        var after = await StatisticsAsync(client);
        Assert.Equal(
            ["belowConfidence", "failed", "timedOut", "tooFewResults"],
            after.GetProperty("fallbacks").EnumerateObject().Select(reason => reason.Name).Order(StringComparer.Ordinal));
        Assert.Equal((1, 0, 0, 0), (
            Count(after, before, "fallbacks", "tooFewResults"), Count(after, before, "fallbacks", "belowConfidence"),
            Count(after, before, "fallbacks", "failed"), Count(after, before, "fallbacks", "timedOut")));
        Assert.Equal((0, 1), (Count(after, before, "answers", "hot"), Count(after, before, "answers", "cold")));
        AssertLatency(after, before, "hot", 1);
        AssertLatency(after, before, "cold", 1);
    }

    [Fact]
    public async Task ASearchAskedAgainIsACachedResultAndItsTextACachedEmbeddingWithoutAnotherAnswerOfTheTiers()
    {
        using var client = api.CreateClient();
        var search = new { text = $"Where is the harbour master's office? {Guid.NewGuid():N}", k = 2, filters = new { tenant = NewTenant() } };
        var before = await StatisticsAsync(client);

        await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search);
        var again = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search);

        var after = await StatisticsAsync(client);
        var cachedResult = again.GetProperty("result").GetString();
        Assert.Contains(cachedResult, new[] { "Hit", "L1Hit" });
        Assert.Equal((1, 1), (Count(after, before, "resultCache", "misses"), Count(after, before, "resultCache", cachedResult == "Hit" ? "hits" : "l1Hits")));
        Assert.Equal(1, Count(after, before, "answers", "hot") + Count(after, before, "answers", "cold"));
        Assert.Equal(1, Count(after, before, "embeddingCache", "misses"));
        Assert.Equal(1, Count(after, before, "embeddingCache", "hits") + Count(after, before, "embeddingCache", "l1Hits"));
    }

    [Fact]
    public async Task TheStatisticsAreForAdminsOnly()
    {
        using var tenantCaller = api.CreateTenantClient(NewTenant());
        using var anonymous = api.CreateClient(token: null);

        await tenantCaller.ProblemAsync(HttpMethod.Get, "/search/stats", HttpStatusCode.Forbidden);
        await anonymous.ProblemAsync(HttpMethod.Get, "/search/stats", HttpStatusCode.Unauthorized);
    }

    private static Task<JsonElement> StatisticsAsync(HttpClient client) => client.ExpectAsync(HttpMethod.Get, "/search/stats", HttpStatusCode.OK);

    private static long Count(JsonElement after, JsonElement before, string group, string name) =>
        after.GetProperty(group).GetProperty(name).GetInt64() - before.GetProperty(group).GetProperty(name).GetInt64();

    private static long FallbackTotal(JsonElement statistics) => statistics.GetProperty("fallbacks").EnumerateObject().Sum(reason => reason.Value.GetInt64());

    // The window holds a tier's last 1000 latencies: the searches add theirs until it is full.
    private static void AssertLatency(JsonElement after, JsonElement before, string tier, int searches)
    {
        Assert.Equal(Window, after.GetProperty("latency").GetProperty("windowSize").GetInt32());
        var (was, now) = (before.GetProperty("latency").GetProperty(tier), after.GetProperty("latency").GetProperty(tier));
        Assert.Equal(Math.Min(was.GetProperty("samples").GetInt32() + searches, Window), now.GetProperty("samples").GetInt32());
        var (p50, p95, p99) = (now.GetProperty("p50Milliseconds").GetDouble(), now.GetProperty("p95Milliseconds").GetDouble(), now.GetProperty("p99Milliseconds").GetDouble());
        Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99, now.ToString());
    }

    private static string NewTenant() => $"stats{Guid.NewGuid():N}";
}
