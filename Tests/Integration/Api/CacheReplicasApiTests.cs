using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Caching;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>What the cache endpoints say about replicas: every replica's counters, and whether the answering one holds a copy.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class CacheReplicasApiTests(ApiFixture api)
{
    [Fact]
    public async Task TheStatisticsListTheAnsweringReplicaAmongTheReplicasWithItsCounters()
    {
        using var client = api.CreateClient();
        var identity = api.Factory.Services.GetRequiredService<CacheReplicaIdentity>();

        var statistics = await client.ExpectAsync(HttpMethod.Get, "/cache/stats", HttpStatusCode.OK);

        Assert.Equal(identity.Id, statistics.GetProperty("answeredBy").GetString());
        var self = Assert.Single(statistics.GetProperty("replicas").EnumerateArray(), replica => replica.GetProperty("id").GetString() == identity.Id);
        Assert.Equal(
            ["counters", "id", "l1Entries", "name", "reportedAt", "startedAt"],
            self.EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal));
        Assert.Equal(identity.Name, self.GetProperty("name").GetString());
        Assert.Equal(identity.StartedAt, self.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(
            statistics.GetProperty("counters").EnumerateObject().Select(counter => counter.Name),
            self.GetProperty("counters").EnumerateObject().Select(counter => counter.Name));
    }

    [Fact]
    public async Task AnEntryHeldInProcessSaysSoWithTheCopysExpiry()
    {
        using var client = api.CreateClient();
        var key = $"copied-{Guid.NewGuid():N}";
        var lifetime = TimeSpan.FromMinutes(5);
        var storedBefore = DateTimeOffset.UtcNow;
        await Cache().GetOrCreateAsync(key, _ => ValueTask.FromResult("the ferry timetable"), CachePolicy.Fixed(lifetime) with { UseL1 = true });

        var entry = await client.ExpectAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.OK);

        Assert.True(entry.GetProperty("heldInProcess").GetBoolean(), entry.ToString());
        var expiresAt = entry.GetProperty("inProcessExpiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, storedBefore + lifetime - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + lifetime + TimeSpan.FromSeconds(1));
        Assert.Equal(api.Factory.Services.GetRequiredService<CacheReplicaIdentity>().Id, entry.GetProperty("answeredBy").GetString());

        // Invalidated, the copy is gone with the entry; stored again without L1, Redis holds it and this replica does not.
        await client.ExpectAsync(HttpMethod.Delete, $"/cache/entries/{key}", HttpStatusCode.NoContent);
        await Cache().GetOrCreateAsync(key, _ => ValueTask.FromResult("the ferry timetable"), CachePolicy.Fixed(lifetime));
        var onlyInRedis = await client.ExpectAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.OK);

        Assert.False(onlyInRedis.GetProperty("heldInProcess").GetBoolean(), onlyInRedis.ToString());
        Assert.Equal(JsonValueKind.Null, onlyInRedis.GetProperty("inProcessExpiresAt").ValueKind);
    }

    [Fact]
    public async Task ACopyOfAnEntryWithoutExpiryIsHeldWithoutAnExpiry()
    {
        using var client = api.CreateClient();
        var key = $"forever-{Guid.NewGuid():N}";
        await Cache().GetOrCreateAsync(key, _ => ValueTask.FromResult("opening hours"), CachePolicy.UntilInvalidated() with { UseL1 = true });

        var entry = await client.ExpectAsync(HttpMethod.Get, $"/cache/entries/{key}", HttpStatusCode.OK);

        Assert.True(entry.GetProperty("heldInProcess").GetBoolean(), entry.ToString());
        Assert.Equal(JsonValueKind.Null, entry.GetProperty("inProcessExpiresAt").ValueKind);
        await Cache().InvalidateAsync(key);
    }

    private IResultCache Cache() => api.Factory.Services.GetRequiredService<IResultCache>();
}
