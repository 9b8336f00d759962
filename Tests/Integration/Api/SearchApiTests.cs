using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Retrieval;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Api;

/// <summary><c>POST /search</c> over documents written straight into the live tiers, each test under a tenant of its own.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class SearchApiTests(ApiFixture api)
{
    private static readonly TimeSpan AskDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ASearchOfATenantWithoutDocumentsIsAnAnswerWithNoHitsThatSaysWhoAnsweredAndHowLongItTook()
    {
        using var client = api.CreateClient();

        var answer = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new
        {
            text = $"When does the ferry leave? {Guid.NewGuid():N}", filters = new { tenant = NewTenant() },
        });

        Assert.Empty(answer.GetProperty("hits").EnumerateArray());
        Assert.Equal(("Cold", "PostgreSQL", "TooFewResults"), (
            answer.GetProperty("tier").GetString(), answer.GetProperty("engine").GetString(), answer.GetProperty("missReason").GetString()));
        Assert.Equal(("embeddings", "all-MiniLM-L6-v2", 1), (
            answer.GetProperty("index").GetString(), answer.GetProperty("model").GetString(), answer.GetProperty("embeddingVersion").GetInt32()));
        Assert.Equal(("Miss", "Miss"), (answer.GetProperty("embedding").GetString(), answer.GetProperty("result").GetString()));
        var timings = answer.GetProperty("timings");
        Assert.True(timings.GetProperty("embeddingMilliseconds").GetDouble() > 0, timings.ToString());
        Assert.True(timings.GetProperty("hotMilliseconds").GetDouble() > 0, timings.ToString());
        Assert.True(timings.GetProperty("coldMilliseconds").GetDouble() > 0, timings.ToString());
    }

    [Fact]
    public async Task ADocumentIsFoundByItsMeaningWithinItsTenantOnly()
    {
        using var client = api.CreateClient();
        var (tenant, other) = (NewTenant(), NewTenant());
        await api.WriteAsync(
        [
            await api.EmbeddedChunkAsync($"insulin-{tenant}", tenant, "Insulin storage", "Keep unopened insulin vials in the refrigerator between 2 and 8 degrees Celsius."),
            await api.EmbeddedChunkAsync($"hygiene-{tenant}", tenant, "Hand hygiene", "Wash hands with soap for twenty seconds before touching a patient."),
            await api.EmbeddedChunkAsync($"insulin-{other}", other, "Other tenant's insulin note", "Insulin must be kept cold in the fridge."),
        ]);
        var search = new { text = "How should insulin be stored?", k = 2, filters = new { tenant, language = "en" } };

        var first = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search);
        var second = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, search with { text = "  How should insulin   be stored? " });

        var hits = first.GetProperty("hits").EnumerateArray().ToArray();
        Assert.Equal([$"insulin-{tenant}#0", $"hygiene-{tenant}#0"], hits.Select(hit => hit.GetProperty("id").GetString()));
        Assert.Equal("Insulin storage", hits[0].GetProperty("title").GetString());
        Assert.True(hits[0].GetProperty("score").GetDouble() > hits[1].GetProperty("score").GetDouble(), first.ToString());
        Assert.True(hits[0].GetProperty("distance").GetDouble() < hits[1].GetProperty("distance").GetDouble(), first.ToString());
        Assert.Equal(JsonValueKind.Object, hits[0].GetProperty("fields").ValueKind);
        Assert.False(hits[0].GetProperty("fields").TryGetProperty("title", out _), "the title is a hit's own field");
        Assert.Equal(tenant, hits[0].GetProperty("fields").GetProperty("tenant").GetString());
        Assert.Equal(("Hot", JsonValueKind.Null), (first.GetProperty("tier").GetString(), first.GetProperty("missReason").ValueKind));
        Assert.Equal(api.Space().Hot.Engine, first.GetProperty("engine").GetString());
        Assert.True(first.GetProperty("timings").GetProperty("hotMilliseconds").GetDouble() > 0, first.ToString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("timings").GetProperty("coldMilliseconds").ValueKind);
        Assert.Equal("L1Hit", second.GetProperty("embedding").GetString());
    }

    [Fact]
    public async Task WhenTheHotTierHasTooFewResultsPostgresAnswersWithTheSameDocumentsAsEachForcedTier()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync(
        [
            await api.EmbeddedChunkAsync($"insulin-{tenant}", tenant, "Insulin storage", "Keep unopened insulin vials in the refrigerator."),
            await api.EmbeddedChunkAsync($"hygiene-{tenant}", tenant, "Hand hygiene", "Wash hands with soap before touching a patient."),
        ]);
        object Search(string? tier) => new { text = "How should insulin be stored?", k = 5, filters = new { tenant }, tier };

        var auto = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, Search(null));
        var cold = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, Search("cold"));
        var hot = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, Search("HOT"));

        Assert.Equal(("Cold", "PostgreSQL", "TooFewResults"), (auto.GetProperty("tier").GetString(), auto.GetProperty("engine").GetString(), auto.GetProperty("missReason").GetString()));
        Assert.True(auto.GetProperty("timings").GetProperty("hotMilliseconds").GetDouble() > 0, auto.ToString());
        Assert.True(auto.GetProperty("timings").GetProperty("coldMilliseconds").GetDouble() > 0, auto.ToString());
        Assert.Equal(("Cold", JsonValueKind.Null), (cold.GetProperty("tier").GetString(), cold.GetProperty("missReason").ValueKind));
        Assert.Equal(JsonValueKind.Null, cold.GetProperty("timings").GetProperty("hotMilliseconds").ValueKind);
        Assert.Equal(("Hot", JsonValueKind.Null), (hot.GetProperty("tier").GetString(), hot.GetProperty("missReason").ValueKind));
        Assert.Equal([$"insulin-{tenant}#0", $"hygiene-{tenant}#0"], Ids(auto));
        Assert.Equal(Ids(auto), Ids(cold));
        Assert.Equal(Ids(auto), Ids(hot));
        Assert.Equal(auto.GetProperty("hits")[0].GetProperty("score").GetDouble(), hot.GetProperty("hits")[0].GetProperty("score").GetDouble(), 2);
        Assert.Equal(Fields(cold), Fields(hot));
        Assert.Equal(Fields(auto), Fields(hot));
        var fields = cold.GetProperty("hits")[0].GetProperty("fields");
        Assert.Equal(["tenant", "language", "updated_at"], fields.EnumerateObject().Select(field => field.Name));
        Assert.Equal((tenant, "en"), (fields.GetProperty("tenant").GetString(), fields.GetProperty("language").GetString()));
        Assert.True(long.TryParse(fields.GetProperty("updated_at").GetString(), out _), fields.ToString());
    }

    // Each hit's fields as the Api wrote them: the same text means the same fields, order and notation.
    private static string[] Fields(JsonElement answer) =>
        [.. answer.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("fields").GetRawText())];

    [Fact]
    public async Task AHostileTenantIsABadRequestAndAHostileLanguageFindsNothingInEitherTier()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync([LiveTiers.Chunk($"doc-{tenant}", tenant, api.AtDistance(0.1))]);
        var vector = api.AtDistance(0);
        string[] hostiles = [$"x\" or .tenant == \"{tenant}", $"x' or .tenant == '{tenant}", $"x}} | @tenant:{{{tenant}", $"{tenant}*", $"{tenant}' OR '1'='1"];

        foreach (var tier in new[] { "hot", "cold" })
        {
            var genuine = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector, filters = new { tenant }, tier });
            Assert.Equal([$"doc-{tenant}#0"], Ids(genuine));
            foreach (var hostile in hostiles)
            {
                await client.BadRequestNamingAsync(HttpMethod.Post, "/search", JsonSerializer.Serialize(new { vector, filters = new { tenant = hostile }, tier }), "filters.tenant");
                var result = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector, filters = new { tenant, language = hostile }, tier });
                Assert.Empty(result.GetProperty("hits").EnumerateArray());
            }
        }
    }

    [Theory]
    [InlineData("hot")]
    [InlineData("cold")]
    public async Task ARangeSearchAnswersOnlyTheHitsWithinItsDistanceCountsTheirAsksAndIsCached(string tier)
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        var (near, middle, far) = ($"near-{tenant}#0", $"middle-{tenant}#0", $"far-{tenant}#0");
        await api.WriteAsync(
        [
            LiveTiers.Chunk($"near-{tenant}", tenant, api.AtDistance(0.05)),
            LiveTiers.Chunk($"middle-{tenant}", tenant, api.AtDistance(0.25, towards: 2)),
            LiveTiers.Chunk($"far-{tenant}", tenant, api.AtDistance(0.7, towards: 3)),
        ]);
        object Search(double? radius) => new { vector = api.AtDistance(0), k = 5, radius, filters = new { tenant }, tier };

        var first = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, Search(0.4));
        var second = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, Search(0.4));

        Assert.Equal([near, middle], Ids(first));
        Assert.All(first.GetProperty("hits").EnumerateArray(), hit => Assert.InRange(hit.GetProperty("distance").GetDouble(), 0, 0.4));
        Assert.Equal(tier, first.GetProperty("tier").GetString(), ignoreCase: true);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("embedding").ValueKind);
        Assert.Equal("Miss", first.GetProperty("result").GetString());
        Assert.Contains(second.GetProperty("result").GetString(), new[] { "Hit", "L1Hit" });
        Assert.Equal(Ids(first), Ids(second));

        // Each answer, the cached one too, counts one ask for each document in it, and none for the one cut off.
        var asks = api.Factory.Services.GetRequiredService<RedisAskCounter>();
        var counted = new Dictionary<string, double>();
        await Eventually.HoldsAsync(
            async () => (counted = (await asks.TopAsync(tenant, 10, CancellationToken.None)).ToDictionary(entry => entry.Id, entry => entry.Asks))
                .GetValueOrDefault(near) == 2 && counted.GetValueOrDefault(middle) == 2,
            AskDeadline, "both answers' asks are counted");
        Assert.False(counted.ContainsKey(far), string.Join(", ", counted));

        // The same search without its distance is another search, with an answer of its own.
        var unbounded = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, Search(null));
        Assert.Equal([near, middle, far], Ids(unbounded));
        Assert.Equal("Miss", unbounded.GetProperty("result").GetString());
    }

    [Fact]
    public async Task AnAutomaticRangeSearchIsJudgedOnItsKNearestBeforeItIsCut()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync(
        [
            LiveTiers.Chunk($"near-{tenant}", tenant, api.AtDistance(0.05)),
            LiveTiers.Chunk($"middle-{tenant}", tenant, api.AtDistance(0.3, towards: 2)),
        ]);

        // The hot tier holds the two nearest, the best of them confidently: it answers, and the cut keeps one.
        var answer = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new
        {
            vector = api.AtDistance(0), k = 2, radius = 0.1, filters = new { tenant },
        });

        Assert.Equal(("Hot", JsonValueKind.Null), (answer.GetProperty("tier").GetString(), answer.GetProperty("missReason").ValueKind));
        Assert.Equal([$"near-{tenant}#0"], Ids(answer));
    }

    [Fact]
    public async Task FiltersOnLanguageAndDatesNarrowTheHits()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        var updated = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);
        await api.WriteAsync(
        [
            LiveTiers.Chunk($"english-{tenant}", tenant, api.AtDistance(0.05)),
            LiveTiers.Chunk($"french-{tenant}", tenant, api.AtDistance(0.1, towards: 2), language: "fr"),
            LiveTiers.Chunk($"old-{tenant}", tenant, api.AtDistance(0.15, towards: 3)) with { UpdatedAt = updated.AddYears(-2) },
        ]);
        var vector = api.AtDistance(0);

        foreach (var tier in new[] { "hot", "cold" })
        {
            var french = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector, filters = new { tenant, language = "fr" }, tier });
            var recent = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new
            {
                vector, filters = new Dictionary<string, object> { ["tenant"] = tenant, ["updatedAfter"] = updated.AddDays(-1).ToString("O") }, tier,
            });
            var before = await client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new
            {
                vector, filters = new Dictionary<string, object> { ["tenant"] = tenant, ["updatedBefore"] = updated.AddDays(-1).ToUnixTimeSeconds() }, tier,
            });

            Assert.Equal([$"french-{tenant}#0"], Ids(french));
            Assert.Equal([$"english-{tenant}#0", $"french-{tenant}#0"], Ids(recent));
            Assert.Equal([$"old-{tenant}#0"], Ids(before));
        }
    }

    [Theory]
    [InlineData("{\"text\":\"insulin\",\"k\":0}", "k")]
    [InlineData("{\"text\":\"insulin\",\"k\":101}", "k")]
    [InlineData("{\"text\":\"insulin\",\"k\":1000}", "k")]
    [InlineData("{\"vector\":[0.1,0.2,0.3]}", "vector")]
    [InlineData("{\"vector\":[]}", "vector")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"colour\":\"blue\"}}", "filters.colour")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"updated_at\":{\"min\":1}}}", "filters.updated_at")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"updatedAfter\":\"yesterday\"}}", "filters.updatedAfter")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"updatedBefore\":-1}}", "filters.updatedBefore")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"updatedAfter\":\"2025-05-01T00:00:00Z\",\"updatedBefore\":\"2025-04-01T00:00:00Z\"}}", "filters.updatedAfter")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"tenant\":\"\"}}", "filters.tenant")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"tenant\":5}}", "filters.tenant")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"language\":null}}", "filters.language")]
    [InlineData("{\"text\":\"insulin\",\"filters\":[\"tenant\"]}", "filters")]
    [InlineData("{\"text\":\"   \"}", "text")]
    [InlineData("{}", "text")]
    [InlineData("{\"text\":\"insulin\",\"vector\":[0.1]}", "text")]
    [InlineData("{\"text\":\"insulin\",\"radius\":5}", "radius")]
    [InlineData("{\"text\":\"insulin\",\"radius\":-0.1}", "radius")]
    [InlineData("{\"text\":\"insulin\",\"efRuntime\":0}", "efRuntime")]
    [InlineData("{\"text\":\"insulin\",\"tier\":\"lukewarm\"}", "tier")]
    [InlineData("{\"text\":\"insulin\",\"tier\":\"1\"}", "tier")]
    [InlineData("{\"text\":\"insulin\",\"tier\":\"auto,hot\"}", "tier")]
    [InlineData("{\"text\":\"insulin\",\"k\":\"five\"}", "k")]
    [InlineData("{\"text\":\"insulin\",\"top\":3}", "top")]
    public async Task ABadSearchIsABadRequestNamingTheField(string body, string field)
    {
        using var client = api.CreateClient();

        var messages = await client.BadRequestNamingAsync(HttpMethod.Post, "/search", body, field);

        if (body == "{\"vector\":[0.1,0.2,0.3]}")
        {
            Assert.Contains("has 3 dimensions; index 'embeddings' expects 384", messages[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryBadFieldOfASearchIsNamedAtOnce()
    {
        using var client = api.CreateClient();

        var (status, problem, response) = await client.SendAsync(HttpMethod.Post, "/search",
            "{\"vector\":[1],\"k\":0,\"efRuntime\":0,\"radius\":3,\"tier\":\"warm\",\"filters\":{\"tenant\":\"\",\"colour\":\"blue\"}}");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["efRuntime", "filters.colour", "filters.tenant", "k", "radius", "tier", "vector"],
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OutsideDevelopmentARequestThatCannotBeReadIsTheSameBadRequestNamingItsField()
    {
        await using var production = api.InProduction();
        using var client = production.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/search", "{\"text\":\"insulin\",\"k\":\"five\"}", "k");
        await client.BadRequestNamingAsync(HttpMethod.Post, "/search", "{not json", "request");
        await client.BadRequestNamingAsync(HttpMethod.Get, "/ingestion/dead-letters?count=many", null, "count");
    }

    [Fact]
    public async Task ASearchWithoutABodyIsABadRequestNamingTheRequest()
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/search", null, "request");
    }

    [Fact]
    public async Task ASearchThatIsNotJsonIsUnsupported()
    {
        using var client = api.CreateClient();
        using var content = new StringContent("text=insulin", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");

        using var response = await client.PostAsync("/search", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string NewTenant() => $"search{Guid.NewGuid():N}";

    private static string[] Ids(JsonElement answer) => [.. answer.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()!)];
}
