using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// The hot tier's index (<c>/indexes/{name}</c>) and hot set (<c>/hotset</c>): their figures, rebuilds and refreshes,
/// which run in the background past the request, and which no two replicas run at once.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class HotTierApiTests(ApiFixture api)
{
    private static readonly TimeSpan BackgroundDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TheIndexIsDescribedByItsConfiguredNameWithItsEngineFigures()
    {
        using var client = api.CreateClient();

        var index = await client.ExpectAsync(HttpMethod.Get, "/indexes/embeddings", HttpStatusCode.OK);

        Assert.Equal(("embeddings", api.Space().Hot.Engine, 384, "Cosine"), (
            index.GetProperty("name").GetString(), index.GetProperty("engine").GetString(), index.GetProperty("dimension").GetInt32(),
            index.GetProperty("metric").GetString()));
        Assert.False(string.IsNullOrEmpty(index.GetProperty("live").GetString()), index.ToString());
        Assert.False(string.IsNullOrEmpty(index.GetProperty("algorithm").GetString()), index.ToString());
        Assert.False(string.IsNullOrEmpty(index.GetProperty("storage").GetString()), index.ToString());
        Assert.True(index.GetProperty("documents").GetInt64() >= 0, index.ToString());
        Assert.InRange(index.GetProperty("percentIndexed").GetDouble(), 0, 1);
        Assert.True(index.TryGetProperty("rebuild", out _), index.ToString());
    }

    [Fact]
    public async Task TheIndexShowsTheFieldsAndHnswSettingsItsLiveVersionWasBuiltFrom()
    {
        using var client = api.CreateClient();
        var configured = api.Space().Hot.Schema;

        var schema = (await client.ExpectAsync(HttpMethod.Get, "/indexes/embeddings", HttpStatusCode.OK)).GetProperty("schema");

        Assert.Equal(
            ["embedding VECTOR", "tenant TAG", "language TAG", "updated_at NUMERIC sortable", "title TEXT"],
            schema.GetProperty("fields").EnumerateArray().Select(field =>
                $"{field.GetProperty("name").GetString()} {field.GetProperty("type").GetString()}{(field.GetProperty("sortable").GetBoolean() ? " sortable" : "")}"));
        Assert.Equal((configured.M, configured.EfConstruction), (schema.GetProperty("m").GetInt32(), schema.GetProperty("efConstruction").GetInt32()));
        Assert.Equal(configured.KeyPrefix, schema.GetProperty("keyPrefix").GetString());
        Assert.Equal(configured.Quantization.ToString(), schema.GetProperty("quantization").GetString());
    }

    [Fact]
    public async Task AnUnknownIndexIsNotFoundAndNamesTheHotTiersIndex()
    {
        using var client = api.CreateClient();

        var described = await client.ProblemAsync(HttpMethod.Get, "/indexes/nope", HttpStatusCode.NotFound);
        var rebuilt = await client.ProblemAsync(HttpMethod.Post, "/indexes/nope/rebuild", HttpStatusCode.NotFound);

        Assert.Equal("No such index", described.GetProperty("title").GetString());
        Assert.Contains("'embeddings'", described.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("No such index", rebuilt.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheIndexIsRebuiltInTheBackgroundWhileItsDocumentsStayFindable()
    {
        using var client = api.CreateClient();
        var tenant = $"rebuild{Guid.NewGuid():N}";
        await api.WriteAsync([LiveTiers.Chunk($"kept-{tenant}", tenant, api.AtDistance(0.1), title: "Autoclave")]);

        var (status, started, response) = await client.SendAsync(HttpMethod.Post, "/indexes/embeddings/rebuild");
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, started.ToString());
            Assert.Equal("/indexes/embeddings", response.Headers.Location?.OriginalString);
            Assert.Contains(started.GetProperty("rebuild").GetProperty("state").GetString(), new[] { "Running", "Completed" });
        }

        var index = default(JsonElement);
        await Eventually.HoldsAsync(
            async () => (index = await client.ExpectAsync(HttpMethod.Get, "/indexes/embeddings", HttpStatusCode.OK))
                .GetProperty("rebuild").GetProperty("state").GetString() is "Completed" or "Failed",
            BackgroundDeadline, "the rebuild finishes");
        var rebuild = index.GetProperty("rebuild");
        Assert.True(rebuild.GetProperty("state").GetString() == "Completed", rebuild.ToString());
        Assert.True(rebuild.GetProperty("copied").GetInt64() >= 1, rebuild.ToString());
        Assert.NotEqual(JsonValueKind.Null, rebuild.GetProperty("finishedAt").ValueKind);
        var found = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector = api.AtDistance(0), filters = new { tenant }, tier = "hot" });
        Assert.Equal($"kept-{tenant}#0", Assert.Single(found.GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ARebuildAskedForWhileAnotherReplicasRunsIsAConflict()
    {
        using var client = api.CreateClient();
        var redis = Redis();
        var index = api.Space().Hot;

        // The lock a rebuild holds while it runs (its value names the version it builds), as another replica's would.
        var lockKey = index is VectorSetsIndex sets ? $"{sets.SetKey}:rebuild-lock" : $"idx:{{{index.Schema.Name}}}:rebuild-lock";
        Assert.True(await redis.StringSetAsync(lockKey, $"{Guid.NewGuid():N} elsewhere", TimeSpan.FromMinutes(1), When.NotExists));
        try
        {
            var problem = await client.ProblemAsync(HttpMethod.Post, "/indexes/embeddings/rebuild", HttpStatusCode.Conflict);

            Assert.Equal("A rebuild is already running", problem.GetProperty("title").GetString());
        }
        finally
        {
            await redis.KeyDeleteAsync(lockKey);
        }
    }

    [Fact]
    public async Task TheHotSetShowsItsSizeItsPolicyItsTenantShareItsRefreshAndTheMostAskedDocuments()
    {
        using var client = api.CreateClient();

        var hotSet = await client.ExpectAsync(HttpMethod.Get, "/hotset", HttpStatusCode.OK);

        Assert.Equal(("embeddings", api.Space().Hot.Engine, 2000), (
            hotSet.GetProperty("index").GetString(), hotSet.GetProperty("engine").GetString(), hotSet.GetProperty("size").GetInt32()));
        Assert.True(hotSet.GetProperty("documents").GetInt64() >= 0, hotSet.ToString());
        Assert.Equal(JsonValueKind.Object, hotSet.GetProperty("tenantSizes").ValueKind);
        Assert.Equal(0.5, hotSet.GetProperty("tenantShare").GetDouble());
        Assert.Equal(("MostAsked", 0.5), (hotSet.GetProperty("policy").GetString(), hotSet.GetProperty("newestShare").GetDouble()));
        Assert.True(hotSet.TryGetProperty("refresh", out _), hotSet.ToString());
        Assert.All(hotSet.GetProperty("mostAsked").EnumerateArray(), entry =>
        {
            Assert.False(string.IsNullOrEmpty(entry.GetProperty("id").GetString()));
            Assert.True(entry.GetProperty("asks").GetInt64() >= 1, entry.ToString());
        });
    }

    [Fact]
    public async Task AHotSetRefreshLoadsTheMostAskedDocumentsInTheBackgroundAndShowsItsProgress()
    {
        using var client = api.CreateClient();
        var tenant = $"asked{Guid.NewGuid():N}";
        var id = $"asked-{tenant}#0";
        await api.WriteAsync([LiveTiers.Chunk($"asked-{tenant}", tenant, api.AtDistance(0.1), title: "Autoclave cycles")], hot: _ => false);
        var search = new { vector = api.AtDistance(0), k = 1, filters = new { tenant }, tier = "cold" };

        // Asked more often than any other test's document, so it ranks among the most asked (a cached answer counts too).
        for (var ask = 0; ask < 30; ask++)
        {
            await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search);
        }

        await Eventually.HoldsAsync(
            async () => (await client.ExpectAsync(HttpMethod.Get, "/hotset", HttpStatusCode.OK)).GetProperty("mostAsked").EnumerateArray()
                .Any(entry => entry.GetProperty("id").GetString() == id && entry.GetProperty("asks").GetInt64() == 30),
            BackgroundDeadline, "the asks are counted");
        var before = (await client.ExpectAsync(HttpMethod.Get, "/hotset", HttpStatusCode.OK)).GetProperty("refresh");

        var (status, started, response) = await client.SendAsync(HttpMethod.Post, "/hotset/refresh");
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, started.ToString());
            Assert.Equal("/hotset", response.Headers.Location?.OriginalString);
            Assert.Contains(started.GetProperty("state").GetString(), new[] { "Running", "Completed" });
            if (before.ValueKind != JsonValueKind.Null)
            {
                Assert.NotEqual(before.GetProperty("startedAt").GetDateTimeOffset(), started.GetProperty("startedAt").GetDateTimeOffset());
            }
        }

        var hotSet = default(JsonElement);
        await Eventually.HoldsAsync(
            async () => (hotSet = await client.ExpectAsync(HttpMethod.Get, "/hotset", HttpStatusCode.OK))
                .GetProperty("refresh").GetProperty("state").GetString() is "Completed" or "Failed",
            BackgroundDeadline, "the refresh finishes");
        var refresh = hotSet.GetProperty("refresh");
        Assert.True(refresh.GetProperty("state").GetString() == "Completed", refresh.ToString());
        Assert.True(refresh.GetProperty("fromAsks").GetInt32() >= 1, refresh.ToString());
        Assert.Equal(refresh.GetProperty("planned").GetInt32(), refresh.GetProperty("loaded").GetInt64());
        Assert.Equal(hotSet.GetProperty("documents").GetInt64(), refresh.GetProperty("loaded").GetInt64());
        var found = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search with { tier = "hot" });
        Assert.Equal(id, Assert.Single(found.GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ARefreshAskedForWhileAnotherReplicasRunsIsAConflict()
    {
        using var client = api.CreateClient();
        var redis = Redis();
        var lockKey = api.Space().HotSet.LockKey;
        Assert.True(await redis.StringSetAsync(lockKey, Guid.NewGuid().ToString("N"), TimeSpan.FromMinutes(1), When.NotExists));
        try
        {
            var problem = await client.ProblemAsync(HttpMethod.Post, "/hotset/refresh", HttpStatusCode.Conflict);

            Assert.Equal("A refresh is already running", problem.GetProperty("title").GetString());
        }
        finally
        {
            await redis.KeyDeleteAsync(lockKey);
        }
    }

    private IDatabase Redis() => api.Factory.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
}
