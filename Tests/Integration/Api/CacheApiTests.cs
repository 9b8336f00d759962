using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>The cache's endpoints: entries and tags, counters, cached embeddings, Redis's eviction and the stampede lab.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class CacheApiTests(ApiFixture api)
{
    private static readonly string TooLongKey = new('k', CacheKeys.MaxLength + 1);

    [Fact]
    public async Task TheSecondEmbeddingOfATextIsACacheHitUnderTheModelsKeyWhoseEntryCanBeRead()
    {
        using var client = api.CreateClient();
        var marker = Guid.NewGuid().ToString("N");

        var first = await client.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text = $"How should insulin be kept? {marker}" });
        var second = await client.ExpectAsync(
            HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text = $"  How should insulin   be kept? {marker} ", includeVector = true });

        Assert.Equal(("Miss", "L1Hit"), (first.GetProperty("outcome").GetString(), second.GetProperty("outcome").GetString()));
        var key = second.GetProperty("key").GetString()!;
        Assert.Equal(first.GetProperty("key").GetString(), key);
        Assert.StartsWith("embedding:all-MiniLM-L6-v2:", key, StringComparison.Ordinal);
        Assert.Equal(("all-MiniLM-L6-v2", 384), (second.GetProperty("model").GetString(), second.GetProperty("dimensions").GetInt32()));
        Assert.True(first.GetProperty("milliseconds").GetDouble() > 0, first.ToString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("vector").ValueKind);
        Assert.Equal(384, second.GetProperty("vector").GetArrayLength());

        var entry = await client.ExpectAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.OK);
        Assert.Equal((key, "Fixed"), (entry.GetProperty("key").GetString(), entry.GetProperty("strategy").GetString()));
        Assert.True(TimeSpan.Parse(entry.GetProperty("timeToLive").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > TimeSpan.Zero, entry.ToString());
        Assert.True(entry.GetProperty("sizeBytes").GetInt32() > 0, entry.ToString());
    }

    [Fact]
    public async Task AnEntryIsDescribedWithoutBeingReadAndCanBeDeletedOnce()
    {
        using var client = api.CreateClient();
        var key = $"entry-{Guid.NewGuid():N}";
        var tag = $"tag-{Guid.NewGuid():N}";
        await Cache().GetOrCreateAsync(
            key, _ => ValueTask.FromResult("tide table for the north quay"), CachePolicy.Sliding(TimeSpan.FromMinutes(5)) with { Tags = [tag] });

        var entry = await client.ExpectAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.OK);

        Assert.Equal((key, "Sliding"), (entry.GetProperty("key").GetString(), entry.GetProperty("strategy").GetString()));
        Assert.Equal([tag], entry.GetProperty("tags").EnumerateArray().Select(value => value.GetString()));
        Assert.Contains("tide table", entry.GetProperty("preview").GetString(), StringComparison.Ordinal);
        Assert.True(entry.GetProperty("storedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5), entry.ToString());
        Assert.True(entry.TryGetProperty("recomputeDuration", out _), entry.ToString());
        await client.ExpectAsync(HttpMethod.Delete, $"/cache/entries/{key}", HttpStatusCode.NoContent);
        var gone = await client.ProblemAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.NotFound);
        Assert.Equal("No such cache entry", gone.GetProperty("title").GetString());
        await client.ProblemAsync(HttpMethod.Delete, $"/cache/entries/{key}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeletingATagCountsTheEntriesStoredWithItAndDeletesThem()
    {
        using var client = api.CreateClient();
        var tag = $"tag-{Guid.NewGuid():N}";
        string[] keys = [$"tagged-{Guid.NewGuid():N}", $"tagged-{Guid.NewGuid():N}"];
        var other = $"untagged-{Guid.NewGuid():N}";
        foreach (var key in keys)
        {
            await Cache().GetOrCreateAsync(key, _ => ValueTask.FromResult(key), CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { Tags = [tag] });
        }

        await Cache().GetOrCreateAsync(other, _ => ValueTask.FromResult(other), CachePolicy.Fixed(TimeSpan.FromMinutes(5)));

        var deleted = await client.ExpectAsync(HttpMethod.Delete, $"/cache/tags/{tag}", HttpStatusCode.OK);
        var again = await client.ExpectAsync(HttpMethod.Delete, $"/cache/tags/{tag}", HttpStatusCode.OK);

        Assert.Equal((tag, 2L), (deleted.GetProperty("tag").GetString(), deleted.GetProperty("deleted").GetInt64()));
        Assert.Equal(0L, again.GetProperty("deleted").GetInt64());
        foreach (var key in keys)
        {
            await client.ProblemAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.NotFound);
        }

        await client.ExpectAsync(HttpMethod.Get, $"/cache/entries/{other}", HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("a%7Bb")]
    [InlineData("%20")]
    [InlineData("tab%09key")]
    public async Task AKeyThatCannotBeACacheKeyIsABadRequestNamingIt(string key)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Get, $"/cache/entries/{key}", null, "key");
        await client.BadRequestNamingAsync(HttpMethod.Delete, $"/cache/entries/{key}", null, "key");
        await client.BadRequestNamingAsync(HttpMethod.Delete, $"/cache/tags/{key}", null, "tag");
    }

    [Fact]
    public async Task AKeyLongerThanAnyCacheKeyIsABadRequestNamingIt()
    {
        using var client = api.CreateClient();

        var messages = await client.BadRequestNamingAsync(HttpMethod.Get, $"/cache/entries/{TooLongKey}", null, "key");
        await client.BadRequestNamingAsync(HttpMethod.Delete, $"/cache/tags/{TooLongKey}", null, "tag");

        Assert.Contains($"at most {CacheKeys.MaxLength}", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStatisticsCountWhatThisReplicasCacheHasDone()
    {
        using var client = api.CreateClient();
        await client.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text = $"a text of its own {Guid.NewGuid():N}" });

        var statistics = await client.ExpectAsync(HttpMethod.Get, "/cache/stats", HttpStatusCode.OK);

        var counters = statistics.GetProperty("counters");
        string[] names =
        [
            "hits", "misses", "l1Hits", "factoryRuns", "earlyRecomputes", "lockWaits", "lockTimeouts", "staleServed", "bypassed",
            "invalidationsSent", "invalidationsReceived", "redisErrors", "circuitOpenings",
        ];
        Assert.Equal(names.Order(StringComparer.Ordinal), counters.EnumerateObject().Select(counter => counter.Name).Order(StringComparer.Ordinal));
        Assert.True(counters.GetProperty("misses").GetInt64() >= 1, counters.ToString());
        Assert.True(statistics.GetProperty("l1Entries").GetInt32() >= 0, statistics.ToString());
    }

    [Theory]
    [InlineData("{\"text\":\"   \"}", "text")]
    [InlineData("{}", "text")]
    [InlineData("{\"text\":5}", "text")]
    [InlineData("{\"text\":\"insulin\",\"model\":\"other\"}", "model")]
    [InlineData("{\"text\":\"insulin\",\"includeVector\":\"yes\"}", "includeVector")]
    public Task ABadEmbeddingRequestIsABadRequestNamingTheField(string body, string field) =>
        WithClientAsync(client => client.BadRequestNamingAsync(HttpMethod.Post, "/cache/embeddings", body, field));

    [Fact]
    public async Task ATextLongerThanTheModelTakesIsABadRequestNamingIt()
    {
        using var client = api.CreateClient();

        var messages = await client.BadRequestNamingAsync(
            HttpMethod.Post, "/cache/embeddings", JsonSerializer.Serialize(new { text = new string('a', 20_001) }), "text");

        Assert.Contains("at most 20000", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMalformedBodyIsABadRequestThatCouldNotBeReadNotAServerError()
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.BadRequest, "{not json");

        Assert.Equal("The request could not be read", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("request", out _), problem.ToString());
    }

    [Fact]
    public async Task TheEvictionReportShowsRedisMemoryKeyspaceAdviceAndThatPoliciesAreNotChangedByDefault()
    {
        using var client = api.CreateClient();

        var eviction = await client.ExpectAsync(HttpMethod.Get, "/cache/eviction", HttpStatusCode.OK);

        var report = eviction.GetProperty("report");
        Assert.False(string.IsNullOrEmpty(report.GetProperty("policy").GetString()), report.ToString());
        Assert.True(report.GetProperty("usedMemoryBytes").GetInt64() > 0, report.ToString());
        Assert.True(report.GetProperty("keys").GetInt64() >= report.GetProperty("keysWithTtl").GetInt64(), report.ToString());
        Assert.Equal(JsonValueKind.Array, report.GetProperty("databases").ValueKind);
        Assert.All(eviction.GetProperty("findings").EnumerateArray(), finding =>
        {
            Assert.Contains(finding.GetProperty("severity").GetString(), new[] { "Info", "Warning", "Critical" });
            Assert.False(string.IsNullOrEmpty(finding.GetProperty("code").GetString()));
        });
        Assert.False(eviction.GetProperty("policyChangesAllowed").GetBoolean());
    }

    [Fact]
    public async Task AnEvictionPolicyChangeIsAConflictUnlessTheApplicationMayChangeIt()
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(HttpMethod.Put, "/cache/eviction", HttpStatusCode.Conflict, "{\"policy\":\"allkeys-lru\"}");

        Assert.Equal("The eviction policy cannot be changed by this application", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("{}", "policy")]
    [InlineData("{\"policy\":\"sometimes\"}", "policy")]
    [InlineData("{\"policy\":\"allkeys-lru\",\"maxMemoryBytes\":5}", "maxMemoryBytes")]
    [InlineData("{\"policy\":\"allkeys-lru\",\"maxMemoryBytes\":-1}", "maxMemoryBytes")]
    [InlineData("{\"policy\":\"allkeys-lru\",\"maxmemory\":0}", "maxmemory")]
    public Task ABadEvictionChangeIsABadRequestNamingTheFieldBeforeAnyConflict(string body, string field) =>
        WithClientAsync(client => client.BadRequestNamingAsync(HttpMethod.Put, "/cache/eviction", body, field));

    [Fact]
    public async Task WhereTheApplicationMayChangeTheEvictionPolicyAChangeReachesRedis()
    {
        await using var allowed = api.With(("ResultCache:Eviction:AllowPolicyChanges", "true"));
        using var client = allowed.CreateClient();
        var before = (await client.ExpectAsync(HttpMethod.Get, "/cache/eviction", HttpStatusCode.OK)).GetProperty("report");
        var (policy, maxMemory) = (before.GetProperty("policy").GetString()!, before.GetProperty("maxMemoryBytes").GetInt64());
        var target = policy == "volatile-lru" ? "allkeys-lfu" : "volatile-lru";
        const long OneGibibyte = 1L << 30;
        try
        {
            var changed = await client.ExpectAsync(HttpMethod.Put, "/cache/eviction", HttpStatusCode.OK, new { policy = target, maxMemoryBytes = OneGibibyte });

            Assert.True(changed.GetProperty("policyChangesAllowed").GetBoolean());
            Assert.Equal((target, OneGibibyte), (changed.GetProperty("report").GetProperty("policy").GetString(), changed.GetProperty("report").GetProperty("maxMemoryBytes").GetInt64()));
            var after = (await client.ExpectAsync(HttpMethod.Get, "/cache/eviction", HttpStatusCode.OK)).GetProperty("report");
            Assert.Equal(target, after.GetProperty("policy").GetString());
        }
        finally
        {
            // The fixture's own Redis: back as it was for the other tests.
            await client.ExpectAsync(HttpMethod.Put, "/cache/eviction", HttpStatusCode.OK, new { policy, maxMemoryBytes = maxMemory });
        }
    }

    [Fact]
    public async Task TheStampedeLabRunsConcurrentCallersAndReportsTheRunAndItsLatencies()
    {
        using var client = api.CreateClient();

        var result = await client.ExpectAsync(HttpMethod.Post, "/cache/stampede-lab", HttpStatusCode.OK, new
        {
            callers = 8, replicas = 2, factoryMilliseconds = 20, protection = "earlyRecompute,distributedLock", strategy = "sliding", timeToLiveSeconds = 30,
        });

        var run = result.GetProperty("run");
        Assert.Equal((8, 2, 20, "Sliding", "00:00:30"), (
            run.GetProperty("callers").GetInt32(), run.GetProperty("replicas").GetInt32(), run.GetProperty("factoryMilliseconds").GetInt32(),
            run.GetProperty("strategy").GetString(), run.GetProperty("timeToLive").GetString()));
        Assert.Equal("EarlyRecompute, DistributedLock", run.GetProperty("protection").GetString());
        Assert.InRange(result.GetProperty("factoryRuns").GetInt32(), 1, 8);
        Assert.Equal(8, result.GetProperty("outcomes").EnumerateObject().Sum(outcome => outcome.Value.GetInt32()));
        var latencies = new[] { "p50Milliseconds", "p90Milliseconds", "p99Milliseconds", "maxMilliseconds" }.Select(name => result.GetProperty(name).GetDouble()).ToArray();
        Assert.Equal(latencies.Order(), latencies);
        Assert.True(result.GetProperty("elapsedMilliseconds").GetDouble() >= latencies[^1] - 1, result.ToString());
    }

    [Theory]
    [InlineData("{\"callers\":5000}", "callers")]
    [InlineData("{\"callers\":0}", "callers")]
    [InlineData("{\"replicas\":0}", "replicas")]
    [InlineData("{\"replicas\":9}", "replicas")]
    [InlineData("{\"protection\":\"sometimes\"}", "protection")]
    [InlineData("{\"protection\":\"distributedLock,sometimes\"}", "protection")]
    [InlineData("{\"protection\":\"2\"}", "protection")]
    [InlineData("{\"factoryMilliseconds\":-1}", "factoryMilliseconds")]
    [InlineData("{\"factoryMilliseconds\":5001}", "factoryMilliseconds")]
    [InlineData("{\"strategy\":\"forever\"}", "strategy")]
    [InlineData("{\"strategy\":\"1\"}", "strategy")]
    [InlineData("{\"timeToLiveSeconds\":-5}", "timeToLiveSeconds")]
    [InlineData("{\"strategy\":\"fixed\",\"timeToLiveSeconds\":null}", "timeToLiveSeconds")]
    [InlineData("{\"callers\":\"many\"}", "callers")]
    [InlineData("{\"threads\":4}", "threads")]
    public Task ABadStampedeLabRunIsABadRequestNamingTheField(string body, string field) =>
        WithClientAsync(client => client.BadRequestNamingAsync(HttpMethod.Post, "/cache/stampede-lab", body, field));

    [Fact]
    public async Task EveryBadFieldOfAStampedeLabRunIsNamedAtOnce()
    {
        using var client = api.CreateClient();

        var (status, problem, response) = await client.SendAsync(
            HttpMethod.Post, "/cache/stampede-lab", "{\"callers\":0,\"replicas\":0,\"factoryMilliseconds\":0,\"protection\":\"x\",\"strategy\":\"y\",\"timeToLiveSeconds\":0}");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["callers", "factoryMilliseconds", "protection", "replicas", "strategy", "timeToLiveSeconds"],
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
    }

    private IResultCache Cache() => api.Factory.Services.GetRequiredService<IResultCache>();

    private async Task WithClientAsync(Func<HttpClient, Task> test)
    {
        using var client = api.CreateClient();
        await test(client);
    }
}
