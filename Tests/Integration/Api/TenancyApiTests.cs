using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// A caller's tenants come from its token: it reads, writes and invalidates its own tenants' data only, whatever the
/// request names, and another tenant's data is a 403 when named and nothing at all when looked up by id.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class TenancyApiTests(ApiFixture api)
{
    [Fact]
    public async Task ASearchIsOfTheCallersTenantAnotherNamedIsForbiddenAndOnlyAnAdminSearchesThemAll()
    {
        var (mine, theirs) = (NewTenant(), NewTenant());
        await api.WriteAsync([LiveTiers.Chunk($"doc-{mine}", mine, api.AtDistance(0.1)), LiveTiers.Chunk($"doc-{theirs}", theirs, api.AtDistance(0.05))]);
        var vector = api.AtDistance(0);
        using var caller = api.CreateTenantClient(mine);
        using var both = api.CreateTenantClient(mine, theirs);
        using var admin = api.CreateClient();

        foreach (var tier in new[] { "hot", "cold" })
        {
            var own = await caller.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector, k = 10, tier });
            Assert.Equal([$"doc-{mine}#0"], Ids(own));
            var named = await caller.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector, k = 10, tier, filters = new { tenant = mine } });
            Assert.Equal([$"doc-{mine}#0"], Ids(named));

            var forbidden = await caller.ProblemAsync(HttpMethod.Post, "/search", HttpStatusCode.Forbidden, Json(new { vector, tier, filters = new { tenant = theirs } }));
            Assert.Equal("Another tenant's data", forbidden.GetProperty("title").GetString());
            Assert.Contains("filters.tenant", forbidden.GetProperty("detail").GetString(), StringComparison.Ordinal);

            await both.BadRequestNamingAsync(HttpMethod.Post, "/search", Json(new { vector, tier }), "filters.tenant");
            var all = await admin.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector, k = 100, tier = "cold" });
            Assert.Contains($"doc-{mine}#0", Ids(all));
            Assert.Contains($"doc-{theirs}#0", Ids(all));
        }
    }

    [Fact]
    public async Task AWriteOrRemovalForAnotherTenantIsForbiddenAndQueuesNothing()
    {
        var (mine, theirs) = (NewTenant(), NewTenant());
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = variant.CreateClient();
        caller.DefaultRequestHeaders.Authorization = new("Bearer", api.Token([mine], admin: false));
        var queue = variant.Services.GetRequiredService<IngestionQueue>();

        await caller.ProblemAsync(HttpMethod.Put, "/documents/harbour", HttpStatusCode.Forbidden, Json(new { tenant = theirs, body = "Soup" }));
        await caller.ProblemAsync(HttpMethod.Delete, $"/documents/harbour?tenant={theirs}", HttpStatusCode.Forbidden);
        var batch = await caller.ProblemAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Forbidden, Json(new
        {
            documents = new object[] { new { id = "a", tenant = mine, body = "Soup" }, new { id = "b", tenant = theirs, body = "Stew" } },
        }));
        Assert.Contains("documents[1].tenant", batch.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await queue.DepthAsync(CancellationToken.None)).Length);

        // Naming no tenant writes the caller's own.
        var accepted = await caller.ExpectAsync(HttpMethod.Put, "/documents/harbour", HttpStatusCode.Accepted, new { body = "Soup" });
        var operation = await caller.ExpectAsync(HttpMethod.Get, $"/operations/{accepted.GetProperty("operationId").GetString()}", HttpStatusCode.OK);
        Assert.Equal([mine], operation.GetProperty("tenants").EnumerateArray().Select(tenant => tenant.GetString()));
        Assert.Equal(1, (await queue.DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task AnotherTenantsDocumentAndOperationAreNotFound()
    {
        var (mine, theirs) = (NewTenant(), NewTenant());
        await api.WriteAsync([LiveTiers.Chunk($"doc-{theirs}", theirs, api.AtDistance(0.1))]);
        using var caller = api.CreateTenantClient(mine);
        using var owner = api.CreateTenantClient(theirs);
        var operation = (await owner.ExpectAsync(HttpMethod.Delete, $"/documents/nothing-{theirs}", HttpStatusCode.Accepted)).GetProperty("operationId").GetString();

        await owner.ExpectAsync(HttpMethod.Get, $"/documents/doc-{theirs}", HttpStatusCode.OK);
        await owner.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
        Assert.Equal("No such document", (await caller.ProblemAsync(HttpMethod.Get, $"/documents/doc-{theirs}", HttpStatusCode.NotFound)).GetProperty("title").GetString());
        Assert.Equal("No such operation", (await caller.ProblemAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.NotFound)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task CacheEntriesAndTagsAreTheirTenantsAndSharedOnesAreTheAdminsOnly()
    {
        var (mine, theirs) = (NewTenant(), NewTenant());
        var cache = api.Factory.Services.GetRequiredService<IResultCache>();
        var (myKey, theirKey, sharedKey) = (TenantKeys.Of(mine) + "answer", TenantKeys.Of(theirs) + "answer", $"shared-{Guid.NewGuid():N}");
        var policy = new CachePolicy { TimeToLive = TimeSpan.FromMinutes(5) };
        await StoreAsync(cache, myKey, "mine", policy with { Tags = [TenantKeys.Of(mine) + "menu"] });
        await StoreAsync(cache, theirKey, "theirs", policy with { Tags = [TenantKeys.Of(theirs) + "menu"] });
        await StoreAsync(cache, sharedKey, "shared", policy);
        using var caller = api.CreateTenantClient(mine);

        await caller.ExpectAsync(HttpMethod.Get, $"/cache/entries/{Uri.EscapeDataString(myKey)}", HttpStatusCode.OK);
        foreach (var key in new[] { theirKey, sharedKey, $"tenant:{mine}", $"tenant:{mine}x:answer" })
        {
            await caller.ProblemAsync(HttpMethod.Get, $"/cache/entries/{Uri.EscapeDataString(key)}", HttpStatusCode.Forbidden);
            await caller.ProblemAsync(HttpMethod.Delete, $"/cache/entries/{Uri.EscapeDataString(key)}", HttpStatusCode.Forbidden);
        }

        await caller.ProblemAsync(HttpMethod.Delete, $"/cache/tags/{Uri.EscapeDataString(TenantKeys.Of(theirs) + "menu")}", HttpStatusCode.Forbidden);
        var dropped = await caller.ExpectAsync(HttpMethod.Delete, $"/cache/tags/{Uri.EscapeDataString(TenantKeys.Of(mine) + "menu")}", HttpStatusCode.OK);

        Assert.Equal(1, dropped.GetProperty("deleted").GetInt64());
        Assert.Null(await cache.GetEntryInfoAsync(myKey));
        Assert.NotNull(await cache.GetEntryInfoAsync(theirKey));
        Assert.NotNull(await cache.GetEntryInfoAsync(sharedKey));
        using var admin = api.CreateClient();
        await admin.ExpectAsync(HttpMethod.Get, $"/cache/entries/{Uri.EscapeDataString(sharedKey)}", HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnEmbeddingIsCachedForItsTenantSoNoTenantLearnsWhatAnotherEmbeddedOrSearched()
    {
        var (mine, theirs) = (NewTenant(), NewTenant());
        var text = $"Is the chowder gluten-free? {Guid.NewGuid():N}";
        using var caller = api.CreateTenantClient(mine);
        using var other = api.CreateTenantClient(theirs);
        using var both = api.CreateTenantClient(mine, theirs);

        var first = await caller.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text });
        var elsewhere = await other.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text });
        var again = await caller.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text });

        Assert.Equal(("Miss", "Miss", "L1Hit"), (Outcome(first), Outcome(elsewhere), Outcome(again)));
        var key = first.GetProperty("key").GetString()!;
        Assert.StartsWith(TenantKeys.Of(mine) + "embedding:", key, StringComparison.Ordinal);
        await caller.ExpectAsync(HttpMethod.Get, $"/cache/entries/{Uri.EscapeDataString(key)}", HttpStatusCode.OK);
        await other.ProblemAsync(HttpMethod.Get, $"/cache/entries/{Uri.EscapeDataString(key)}", HttpStatusCode.Forbidden);
        await other.ProblemAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.Forbidden, Json(new { text, tenant = mine }));
        await both.BadRequestNamingAsync(HttpMethod.Post, "/cache/embeddings", Json(new { text }), "tenant");
        Assert.Equal("L1Hit", Outcome(await both.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text, tenant = mine })));

        // A search's text too: the other tenant's first search of it runs the model.
        var question = $"Do you serve oysters? {Guid.NewGuid():N}";
        var searched = await caller.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { text = question, tier = "cold" });
        var searchedElsewhere = await other.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { text = question, tier = "cold" });
        Assert.Equal(("Miss", "Miss"), (searched.GetProperty("embedding").GetString(), searchedElsewhere.GetProperty("embedding").GetString()));

        static string? Outcome(JsonElement embedding) => embedding.GetProperty("outcome").GetString();
    }

    private static async Task StoreAsync(IResultCache cache, string key, string value, CachePolicy policy) =>
        await cache.GetOrCreateAsync(key, _ => ValueTask.FromResult(value), policy, CancellationToken.None);

    private static string NewTenant() => $"tenancy-{Guid.NewGuid():N}";

    private static string Json(object body) => JsonSerializer.Serialize(body);

    private static string[] Ids(JsonElement answer) => [.. answer.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()!)];
}
