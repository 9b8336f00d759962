using System.Net;
using System.Text.Json;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Integration.Api;

/// <summary><c>GET /documents/{id}/chunks</c> over documents written straight into the live tiers, each test under tenants of its own.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class DocumentChunksApiTests(ApiFixture api)
{
    [Fact]
    public async Task EachChunkIsListedInOrderWithWhetherTheHotTierHoldsItTheStartOfItsTextAndItsEmbeddingVersion()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        var id = $"tides-{tenant}";
        var longText = string.Concat(Enumerable.Repeat("High water at the harbour mouth comes forty minutes before the quay. ", 6));
        ColdDocument[] chunks =
        [
            Chunk(id, tenant, 0) with { Body = "Tide table for March." },
            Chunk(id, tenant, 1) with { Body = longText },
            Chunk(id, tenant, 2) with { Body = "Spring tides run higher." },
        ];
        await api.WriteAsync(chunks, hot: chunk => chunk.Id != $"{id}#1");

        var page = await client.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks", HttpStatusCode.OK);

        Assert.Equal((id, "embeddings", api.Space().Hot.Engine, 1), (
            page.GetProperty("id").GetString(), page.GetProperty("index").GetString(), page.GetProperty("engine").GetString(),
            page.GetProperty("embeddingVersion").GetInt32()));
        Assert.Equal((3, 0, 50), (page.GetProperty("total").GetInt32(), page.GetProperty("offset").GetInt32(), page.GetProperty("limit").GetInt32()));
        var listed = page.GetProperty("chunks").EnumerateArray().ToArray();
        Assert.Equal([$"{id}#0", $"{id}#1", $"{id}#2"], listed.Select(chunk => chunk.GetProperty("id").GetString()));
        Assert.Equal([0, 1, 2], listed.Select(chunk => chunk.GetProperty("position").GetInt32()));
        Assert.Equal([true, false, true], listed.Select(chunk => chunk.GetProperty("inHotTier").GetBoolean()));
        Assert.Equal(["Tide table for March.", longText[..200], "Spring tides run higher."], listed.Select(chunk => chunk.GetProperty("text").GetString()));
        Assert.Equal([21, longText.Length, 24], listed.Select(chunk => chunk.GetProperty("textLength").GetInt32()));
        Assert.All(listed, chunk => Assert.Equal(("all-MiniLM-L6-v2", 1), (chunk.GetProperty("embeddingModel").GetString(), chunk.GetProperty("embeddingVersion").GetInt32())));
    }

    [Fact]
    public async Task AManyChunkDocumentIsPagedInNumericOrderAndAPagePastTheEndIsEmpty()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        var id = $"manual-{tenant}";
        await api.WriteAsync([.. Enumerable.Range(0, 12).Select(position => Chunk(id, tenant, position))], hot: _ => false);

        var first = await client.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks?limit=3", HttpStatusCode.OK);
        var last = await client.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks?offset=9&limit=5", HttpStatusCode.OK);
        var beyond = await client.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks?offset=12", HttpStatusCode.OK);

        Assert.Equal([0, 1, 2], Positions(first));
        Assert.Equal([9, 10, 11], Positions(last));
        Assert.Equal([$"{id}#9", $"{id}#10", $"{id}#11"], last.GetProperty("chunks").EnumerateArray().Select(chunk => chunk.GetProperty("id").GetString()));
        Assert.Empty(Positions(beyond));
        Assert.All([first, last, beyond], page => Assert.Equal(12, page.GetProperty("total").GetInt32()));
        Assert.Equal((9, 5), (last.GetProperty("offset").GetInt32(), last.GetProperty("limit").GetInt32()));
    }

    [Fact]
    public async Task AnotherTenantsDocumentIsNotFoundAsIfItDidNotExistWhileItsOwnTenantAndAnAdminReadIt()
    {
        var (owner, other) = (NewTenant(), NewTenant());
        var id = $"recipe-{Guid.NewGuid():N}";
        await api.WriteAsync([Chunk(id, owner, 0), Chunk(id, owner, 1)]);
        using var ownerClient = api.CreateTenantClient(owner);
        using var otherClient = api.CreateTenantClient(other);
        using var admin = api.CreateClient();

        var ownPage = await ownerClient.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks", HttpStatusCode.OK);
        var adminPage = await admin.ExpectAsync(HttpMethod.Get, $"/documents/{id}/chunks", HttpStatusCode.OK);
        var hidden = await otherClient.ProblemAsync(HttpMethod.Get, $"/documents/{id}/chunks", HttpStatusCode.NotFound);
        var missing = await otherClient.ProblemAsync(HttpMethod.Get, $"/documents/missing-{other}/chunks", HttpStatusCode.NotFound);

        Assert.Equal((2, 2), (ownPage.GetProperty("total").GetInt32(), adminPage.GetProperty("total").GetInt32()));
        Assert.Equal(("No such document", $"There is no document '{id}'."), (hidden.GetProperty("title").GetString(), hidden.GetProperty("detail").GetString()));
        Assert.Equal(missing.GetProperty("title").GetString(), hidden.GetProperty("title").GetString());
        Assert.False(hidden.ToString().Contains(owner, StringComparison.Ordinal), hidden.ToString());
    }

    [Theory]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?offset=first", "offset")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=all", "limit")]
    [InlineData("?offset=-5&limit=500", "limit")]
    public async Task BadPagingIsABadRequestNamingTheParameter(string query, string parameter)
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync([Chunk($"paged-{tenant}", tenant, 0)]);

        await client.BadRequestNamingAsync(HttpMethod.Get, $"/documents/paged-{tenant}/chunks{query}", null, parameter);
    }

    [Fact]
    public async Task TheLargestPageIsAllowed()
    {
        using var client = api.CreateClient();
        var tenant = NewTenant();
        await api.WriteAsync([Chunk($"paged-{tenant}", tenant, 0)]);

        var page = await client.ExpectAsync(HttpMethod.Get, $"/documents/paged-{tenant}/chunks?offset=0&limit=200", HttpStatusCode.OK);

        Assert.Equal(200, page.GetProperty("limit").GetInt32());
    }

    private ColdDocument Chunk(string id, string tenant, int position) =>
        LiveTiers.Chunk(id, tenant, api.AtDistance(0.1 + (position * 0.01)), chunk: position) with { Body = $"Part {position} of {id}." };

    private static int[] Positions(JsonElement page) => [.. page.GetProperty("chunks").EnumerateArray().Select(chunk => chunk.GetProperty("position").GetInt32())];

    private static string NewTenant() => $"chunks{Guid.NewGuid():N}";
}
