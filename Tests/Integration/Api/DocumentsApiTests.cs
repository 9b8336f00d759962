using System.Net;
using System.Text.Json;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// <c>PUT</c> and <c>DELETE /documents/{id}</c> queue work for the Worker (none runs here, so it stays queued);
/// <c>GET /documents/{id}</c> reads what the tiers hold.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class DocumentsApiTests(ApiFixture api)
{
    /// <summary>A valid id, but too long to leave room for its chunks' ids.</summary>
    private static readonly string LongId = new('a', 256);

    /// <summary>Longer than any document id may be, so not even a removal of it can be queued.</summary>
    private static readonly string TooLongForAnyId = new('b', 257);

    [Fact]
    public async Task APutDocumentIsAcceptedAsAQueuedOperationOfOneMessage()
    {
        using var client = api.CreateClient();
        var tenant = $"harbour{Guid.NewGuid():N}";

        var (status, accepted, response) = await client.SendAsync(HttpMethod.Put, $"/documents/tides-{tenant}", JsonSerializer.Serialize(new
        {
            tenant,
            language = "en",
            title = "Tide table",
            body = "High tide at the harbour mouth comes about fifty minutes later each day.",
            updatedAt = "2025-03-14T09:30:00Z",
            metadata = new { floor = 3, colour = "blue", source = new { page = 12 } },
        }, JsonSerializerOptions.Web));
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, accepted.ToString());
            var operation = accepted.GetProperty("operationId").GetString()!;
            Assert.Equal(1, accepted.GetProperty("messages").GetInt32());
            Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);

            var queued = await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
            Assert.Equal((operation, "Queued", 1, 0, 0), (
                queued.GetProperty("id").GetString(), queued.GetProperty("state").GetString(), queued.GetProperty("total").GetInt32(),
                queued.GetProperty("done").GetInt32(), queued.GetProperty("failed").GetInt32()));
        }
    }

    [Theory]
    [InlineData("bad", "{\"tenant\":\"t\"}", "body")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"   \"}", "body")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"vector\":[0.1,0.2]}", "vector")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"insulin\"}", "text")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"language\":\" \"}", "language")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"metadata\":{\"tenant\":\"u\"}}", "metadata.tenant")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"metadata\":{\"language\":\"en\"}}", "metadata.language")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"metadata\":{\"updated_at\":5}}", "metadata.updated_at")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"metadata\":[1]}", "metadata")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"tags\":{\"colour\":\"blue\"}}", "tags")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"numbers\":{\"floor\":5}}", "numbers")]
    [InlineData("bad", "{\"tenant\":\"t\",\"body\":\"a\",\"updatedAt\":\"yesterday\"}", "updatedAt")]
    [InlineData("bad", "{\"body\":\"a\"}", "tenant")]
    [InlineData("bad", "{\"tenant\":\" \",\"body\":\"a\"}", "tenant")]
    [InlineData("bad", "{\"tenant\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"body\":\"a\"}", "tenant")]
    [InlineData("a%20b", "{\"tenant\":\"t\",\"body\":\"a\"}", "id")]
    [InlineData("%20", "{\"tenant\":\"t\",\"body\":\"a\"}", "id")]
    public async Task ABadDocumentIsABadRequestNamingTheField(string id, string body, string field)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Put, $"/documents/{id}", body, field);
    }

    [Fact]
    public async Task AnIdWithoutRoomForItsChunksIdsIsABadRequestNamingIt()
    {
        using var client = api.CreateClient();

        var messages = await client.BadRequestNamingAsync(HttpMethod.Put, $"/documents/{LongId}", "{\"tenant\":\"t\",\"body\":\"a\"}", "id");

        Assert.Contains("leave room for chunk ids", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APutWithoutATenantIsRefusedNamingIt()
    {
        using var client = api.CreateClient();

        var messages = await client.BadRequestNamingAsync(HttpMethod.Put, "/documents/untenanted", "{\"body\":\"insulin\"}", "tenant");

        Assert.Contains("tenant", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryBadFieldOfADocumentIsNamedAtOnce()
    {
        using var client = api.CreateClient();

        var (status, problem, response) = await client.SendAsync(
            HttpMethod.Put, "/documents/a%20b", "{\"language\":\" \",\"metadata\":{\"tenant\":\"u\",\"updated_at\":1}}");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["body", "id", "language", "metadata.tenant", "metadata.updated_at", "tenant"],
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ADocumentIsReadWithItsFieldsAndHowManyOfItsChunksTheHotTierHolds()
    {
        using var client = api.CreateClient();
        var tenant = $"harbour{Guid.NewGuid():N}";
        var id = $"tides-{tenant}";
        var first = LiveTiers.Chunk(id, tenant, api.AtDistance(0.1), title: "Tide table");
        await api.WriteAsync([first, LiveTiers.Chunk(id, tenant, api.AtDistance(0.2), title: "Tide table", chunk: 1)], hot: chunk => chunk == first);

        var stored = await client.ExpectAsync(HttpMethod.Get, $"/documents/{id}", HttpStatusCode.OK);

        Assert.Equal((id, "embeddings", api.Space().Hot.Engine), (
            stored.GetProperty("id").GetString(), stored.GetProperty("index").GetString(), stored.GetProperty("engine").GetString()));
        Assert.Equal((2, 1, true, 384), (
            stored.GetProperty("chunks").GetInt32(), stored.GetProperty("hotChunks").GetInt32(),
            stored.GetProperty("inHotTier").GetBoolean(), stored.GetProperty("dimensions").GetInt32()));
        Assert.Equal((tenant, "en"), (stored.GetProperty("tags").GetProperty("tenant").GetString(), stored.GetProperty("tags").GetProperty("language").GetString()));
        Assert.Equal("Tide table", stored.GetProperty("texts").GetProperty("title").GetString());
        Assert.Equal(first.UpdatedAt.ToUnixTimeSeconds(), stored.GetProperty("numbers").GetProperty("updated_at").GetInt64());
    }

    [Fact]
    public async Task ADocumentThatIsNotStoredIsNotFound()
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(HttpMethod.Get, $"/documents/missing-{Guid.NewGuid():N}", HttpStatusCode.NotFound);

        Assert.Equal("No such document", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("a%20b")]
    [InlineData("%20")]
    public async Task ReadingAnIdThatCannotBeADocumentsIsABadRequestNamingIt(string id)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Get, $"/documents/{id}", null, "id");
    }

    [Fact]
    public async Task ADeleteIsAcceptedAsAQueuedOperationEvenForADocumentThatIsNotStored()
    {
        using var client = api.CreateClient();
        var tenant = $"shortlived{Guid.NewGuid():N}";

        var (status, accepted, response) = await client.SendAsync(HttpMethod.Delete, $"/documents/doc-{tenant}?tenant={tenant}");
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, accepted.ToString());
            var operation = accepted.GetProperty("operationId").GetString()!;
            Assert.Equal(1, accepted.GetProperty("messages").GetInt32());
            Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);
            var queued = await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
            Assert.Equal(("Queued", 1), (queued.GetProperty("state").GetString(), queued.GetProperty("total").GetInt32()));
        }
    }

    [Fact]
    public async Task ALongIdThatLeavesNoRoomForChunksCanStillBeDeleted()
    {
        using var client = api.CreateClient();

        await client.ExpectAsync(HttpMethod.Delete, $"/documents/{LongId}?tenant=t", HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("bad", "", "tenant")]
    [InlineData("bad", "?tenant=", "tenant")]
    [InlineData("bad", "?tenant=%20", "tenant")]
    [InlineData("bad", "?tenant=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tenant")]
    [InlineData("a%20b", "?tenant=t", "id")]
    public async Task ABadDeleteIsABadRequestNamingTheField(string id, string query, string field)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Delete, $"/documents/{id}{query}", null, field);
    }

    [Fact]
    public async Task DeletingAnIdLongerThanAnyDocumentsIsABadRequestNamingIt()
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Delete, $"/documents/{TooLongForAnyId}?tenant=t", null, "id");
    }

    [Fact]
    public async Task WritesAndDeletesOnAFullQueueAreUnavailableUntilTheWorkersCatchUp()
    {
        await using var full = api.WithQueueOfItsOwn(("Ingestion:Queue:MaxLength", "1"), ("Ingestion:Queue:MaxBatchDocuments", "1"));
        using var client = full.CreateClient();
        var document = JsonSerializer.Serialize(new { tenant = "quayside", body = "The ferry leaves every twenty minutes." });
        await client.ExpectAsync(HttpMethod.Put, "/documents/ferry", HttpStatusCode.Accepted, JsonDocument.Parse(document).RootElement);

        var put = await client.ProblemAsync(HttpMethod.Put, "/documents/parking", HttpStatusCode.ServiceUnavailable, document);
        var delete = await client.ProblemAsync(HttpMethod.Delete, "/documents/ferry?tenant=quayside", HttpStatusCode.ServiceUnavailable);

        Assert.Equal("The ingestion queue is full", put.GetProperty("title").GetString());
        Assert.Equal("The ingestion queue is full", delete.GetProperty("title").GetString());
        Assert.Contains("Ingestion:Queue:MaxLength", put.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
