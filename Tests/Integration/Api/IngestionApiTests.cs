extern alias Api;

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Ingestion.Queue;
using StackExchange.Redis;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// <c>POST /ingest/documents</c>, operations, the queue's depth and its dead letters. No Worker runs here: a test that
/// needs messages handled runs a consumer of its own on a queue of its own.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class IngestionApiTests(ApiFixture api)
{
    /// <summary>A valid id, but too long to leave room for its chunks' ids.</summary>
    private const string LongId =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public async Task ATenantListsOnlyTheOperationsOfItsOwnDocumentsAndAnAdminListsEveryonesNewestFirst()
    {
        var (mine, theirs) = ($"quayside{Guid.NewGuid():N}", $"dockside{Guid.NewGuid():N}");
        using var admin = api.CreateClient();
        using var caller = api.CreateTenantClient(mine);
        async Task<string> QueueAsync(string tenant) => (await admin.ExpectAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Accepted, new
        {
            documents = new[] { new { id = $"menu-{Guid.NewGuid():N}", tenant, body = "Chowder on Fridays." } },
        })).GetProperty("operationId").GetString()!;
        var first = await QueueAsync(mine);
        var other = await QueueAsync(theirs);
        var second = await QueueAsync(mine);

        var listedToTenant = await caller.ExpectAsync(HttpMethod.Get, "/operations?count=2", HttpStatusCode.OK);
        var listedToAdmin = await admin.ExpectAsync(HttpMethod.Get, "/operations?count=100", HttpStatusCode.OK);

        Assert.Equal([second, first], listedToTenant.EnumerateArray().Select(operation => operation.GetProperty("id").GetString()));
        var adminIds = listedToAdmin.EnumerateArray().Select(operation => operation.GetProperty("id").GetString()).ToList();
        Assert.True(adminIds.IndexOf(second) < adminIds.IndexOf(other) && adminIds.IndexOf(other) < adminIds.IndexOf(first), listedToAdmin.ToString());
        Assert.Equal("Queued", listedToTenant[0].GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    public async Task AListOfOperationsOutsideOneToAHundredIsRefusedNamingCount(string count)
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(HttpMethod.Get, $"/operations?count={count}", HttpStatusCode.BadRequest);

        Assert.StartsWith("count must be between 1 and 100", problem.GetProperty("errors").GetProperty("count")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DocumentsAndDeletesAreAcceptedAsOneQueuedOperation()
    {
        using var client = api.CreateClient();
        var tenant = $"quayside{Guid.NewGuid():N}";
        var before = (await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK)).GetProperty("queue").GetProperty("length").GetInt64();

        var (status, accepted, response) = await client.SendAsync(HttpMethod.Post, "/ingest/documents", JsonSerializer.Serialize(new
        {
            documents = new object[]
            {
                new { id = $"ferry-{tenant}", tenant, language = "en", title = "Ferry timetable", body = "The harbour ferry leaves every twenty minutes." },
                new { id = $"parking-{tenant}", tenant, body = "Visitors park behind the fish market.", metadata = new { floor = 2 } },
            },
            deletes = new[] { new { id = $"old-{tenant}", tenant } },
        }, JsonSerializerOptions.Web));
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, accepted.ToString());
            var operation = accepted.GetProperty("operationId").GetString()!;
            Assert.Equal(3, accepted.GetProperty("messages").GetInt32());
            Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);

            var queued = await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
            Assert.Equal((operation, "Queued", 3, 0, 0, JsonValueKind.Null), (
                queued.GetProperty("id").GetString(), queued.GetProperty("state").GetString(), queued.GetProperty("total").GetInt32(),
                queued.GetProperty("done").GetInt32(), queued.GetProperty("failed").GetInt32(), queued.GetProperty("lastError").ValueKind));
            Assert.True(queued.GetProperty("updatedAt").GetDateTimeOffset() >= queued.GetProperty("createdAt").GetDateTimeOffset(), queued.ToString());
        }

        var after = await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK);
        Assert.Equal(before + 3, after.GetProperty("queue").GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task TheQueuesDepthAndTheWorkersProgressAreShown()
    {
        using var client = api.CreateClient();

        var ingestion = await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK);

        Assert.Equal(
            ["consumers", "deadLetters", "lag", "length", "pending"],
            ingestion.GetProperty("queue").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["consumersRemoved", "deadLettered", "documentsPerSecond", "failedDeliveries", "lastError", "lastErrorAt", "processed"],
            ingestion.GetProperty("statistics").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("{}", "documents")]
    [InlineData("{\"documents\":[]}", "documents")]
    [InlineData("{\"documents\":[],\"deletes\":[]}", "documents")]
    [InlineData("{\"documents\":[null]}", "documents[0]")]
    [InlineData("{\"documents\":[{\"id\":\"a\",\"tenant\":\"t\"}]}", "documents[0].body")]
    [InlineData("{\"documents\":[{\"id\":\"a b\",\"tenant\":\"t\",\"body\":\"text\"}]}", "documents[0].id")]
    [InlineData("{\"documents\":[{\"tenant\":\"t\",\"body\":\"text\"}]}", "documents[0].id")]
    [InlineData("{\"documents\":[{\"id\":\"" + LongId + "\",\"tenant\":\"t\",\"body\":\"text\"}]}", "documents[0].id")]
    [InlineData("{\"documents\":[{\"id\":\"a\",\"body\":\"text\"}]}", "documents[0].tenant")]
    [InlineData("{\"documents\":[{\"id\":\"a\",\"tenant\":\"t\",\"body\":\"text\"},{\"id\":\"b\",\"tenant\":\"t\",\"body\":\" \"}]}", "documents[1].body")]
    [InlineData("{\"documents\":[{\"id\":\"a\",\"tenant\":\"t\",\"body\":\"text\",\"metadata\":{\"language\":\"en\"}}]}", "documents[0].metadata.language")]
    [InlineData("{\"documents\":[{\"id\":\"a\",\"tenant\":\"t\",\"body\":\"text\",\"metadata\":[1]}]}", "documents[0].metadata")]
    [InlineData("{\"documents\":[{\"id\":\"a\",\"tenant\":\"t\",\"body\":\"text\",\"vector\":[1]}]}", "documents[0].vector")]
    [InlineData("{\"deletes\":[{\"id\":\"a\"}]}", "deletes[0].tenant")]
    [InlineData("{\"deletes\":[{\"tenant\":\"t\"}]}", "deletes[0].id")]
    [InlineData("{\"deletes\":[{\"id\":\"a b\",\"tenant\":\"t\"}]}", "deletes[0].id")]
    [InlineData("{\"documents\":{\"id\":\"a\"}}", "documents")]
    [InlineData("{\"upserts\":[]}", "upserts")]
    public async Task ABadIngestRequestIsABadRequestNamingTheField(string body, string field)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/ingest/documents", body, field);
    }

    [Fact]
    public async Task EveryBadDocumentAndDeleteOfARequestIsNamedAtOnceAndNothingIsQueued()
    {
        using var client = api.CreateClient();
        var before = (await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK)).GetProperty("queue").GetProperty("length").GetInt64();

        var (status, problem, response) = await client.SendAsync(HttpMethod.Post, "/ingest/documents",
            "{\"documents\":[{\"id\":\"good\",\"tenant\":\"t\",\"body\":\"text\"},{\"id\":\"a b\",\"body\":\"text\"}],\"deletes\":[{\"id\":\"x\"}]}");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(
            ["deletes[0].tenant", "documents[1].id", "documents[1].tenant"],
            problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
        var after = await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK);
        Assert.Equal(before, after.GetProperty("queue").GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task WhatOnlyTheQueueCanRefuseIsNamedUnderTheRequestsOwnFields()
    {
        await using var small = api.WithQueueOfItsOwn(("Ingestion:Queue:MaxBatchDocuments", "2"), ("Ingestion:Queue:MaxEntryBytes", "1024"));
        using var client = small.CreateClient();
        object Document(string id, int length = 10) => new { id, tenant = "quayside", body = new string('a', length) };

        var tooMany = await client.BadRequestNamingAsync(
            HttpMethod.Post, "/ingest/documents", JsonSerializer.Serialize(new { documents = new[] { Document("a"), Document("b"), Document("c") } }), "documents");
        var tooLarge = await client.BadRequestNamingAsync(
            HttpMethod.Post, "/ingest/documents", JsonSerializer.Serialize(new { documents = new[] { Document("a"), Document("b", 2000) } }), "documents[1]");
        var tooLargeOne = await client.BadRequestNamingAsync(
            HttpMethod.Put, "/documents/large", JsonSerializer.Serialize(new { tenant = "quayside", body = new string('a', 2000) }), "body");

        Assert.Contains("at most 2", Assert.Single(tooMany), StringComparison.Ordinal);
        Assert.Contains("Ingestion:Queue:MaxEntryBytes", Assert.Single(tooLarge), StringComparison.Ordinal);
        Assert.Contains("Ingestion:Queue:MaxEntryBytes", Assert.Single(tooLargeOne), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIngestOnAFullQueueIsUnavailableAndQueuesNothing()
    {
        await using var full = api.WithQueueOfItsOwn(("Ingestion:Queue:MaxLength", "3"), ("Ingestion:Queue:MaxBatchDocuments", "2"));
        using var client = full.CreateClient();
        var documents = new { documents = new[] { new { id = "a", tenant = "t", body = "text" }, new { id = "b", tenant = "t", body = "text" } } };
        await client.ExpectAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Accepted, documents);

        var problem = await client.ProblemAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.ServiceUnavailable, JsonSerializer.Serialize(documents));

        Assert.Equal("The ingestion queue is full", problem.GetProperty("title").GetString());
        var depth = await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK);
        Assert.Equal(2, depth.GetProperty("queue").GetProperty("length").GetInt64());
    }

    [Theory]
    [InlineData("not-an-operation")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcde")]
    public async Task AnOperationIdIsCheckedBeforeItIsLookedUp(string id)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Get, $"/operations/{id}", null, "id");
    }

    [Fact]
    public async Task AnUnknownOperationIsNotFound()
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(HttpMethod.Get, $"/operations/{Guid.NewGuid():N}", HttpStatusCode.NotFound);

        Assert.Equal("No such operation", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AMessageThatFailsForGoodIsADeadLetterThatCanBeListedPagedAndSentBackOnce()
    {
        await using var queue = api.WithQueueOfItsOwn();
        using var client = queue.CreateClient();
        Assert.Empty((await client.ExpectAsync(HttpMethod.Get, "/ingestion/dead-letters", HttpStatusCode.OK)).EnumerateArray());
        var (poison, tenant) = ($"scan-{Guid.NewGuid():N}", "quayside");
        var operation = (await client.ExpectAsync(HttpMethod.Post, "/ingest/documents", HttpStatusCode.Accepted, new
        {
            documents = new[] { new { id = "ferry", tenant, body = "The ferry leaves every twenty minutes." }, new { id = poison, tenant, body = "Daily specials" } },
        })).GetProperty("operationId").GetString()!;
        var consumer = Consumer(queue, new RecordingHandler { Rejects = message => message.DocumentId == poison ? "PostgreSQL refused the document" : null });

        await TestQueues.StepUntilAsync(consumer, async () => await DeadLettersAsync(client) is [_], "the poison message is dead-lettered");

        var dead = Assert.Single(await DeadLettersAsync(client));
        Assert.Equal((operation, "upsert", poison, tenant, "PostgreSQL refused the document", 1, consumer.Name), (
            dead.GetProperty("operationId").GetString(), dead.GetProperty("kind").GetString(), dead.GetProperty("documentId").GetString(),
            dead.GetProperty("tenant").GetString(), dead.GetProperty("error").GetString(), dead.GetProperty("deliveries").GetInt32(),
            dead.GetProperty("consumer").GetString()));
        Assert.False(string.IsNullOrEmpty(dead.GetProperty("originalId").GetString()), dead.ToString());
        Assert.True(dead.GetProperty("deadAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5), dead.ToString());
        var settled = await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
        Assert.Equal(("PartiallyFailed", 1, 1), (settled.GetProperty("state").GetString(), settled.GetProperty("done").GetInt32(), settled.GetProperty("failed").GetInt32()));
        Assert.Contains("PostgreSQL refused the document", settled.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var depth = await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK);
        Assert.Equal((1L, 1L, 1L), (
            depth.GetProperty("queue").GetProperty("deadLetters").GetInt64(), depth.GetProperty("statistics").GetProperty("deadLettered").GetInt64(),
            depth.GetProperty("statistics").GetProperty("processed").GetInt64()));
        var id = dead.GetProperty("id").GetString()!;
        Assert.Empty((await client.ExpectAsync(HttpMethod.Get, $"/ingestion/dead-letters?count=1&after={id}", HttpStatusCode.OK)).EnumerateArray());

        var redriven = await client.ExpectAsync(HttpMethod.Post, $"/ingestion/dead-letters/{id}/redrive", HttpStatusCode.OK);
        var again = await client.ProblemAsync(HttpMethod.Post, $"/ingestion/dead-letters/{id}/redrive", HttpStatusCode.NotFound);

        Assert.Equal(1, redriven.GetProperty("redriven").GetInt32());
        Assert.Equal("No such dead letter", again.GetProperty("title").GetString());
        Assert.Empty(await DeadLettersAsync(client));

        // Refused again, it is a new dead letter; re-driving them all puts it back once more.
        await TestQueues.StepUntilAsync(consumer, async () => await DeadLettersAsync(client) is [_], "the re-driven message is dead-lettered again");
        var all = await client.ExpectAsync(HttpMethod.Post, "/ingestion/dead-letters/redrive", HttpStatusCode.OK);
        Assert.Equal(1, all.GetProperty("redriven").GetInt32());
        Assert.Equal(0, (await client.ExpectAsync(HttpMethod.Post, "/ingestion/dead-letters/redrive", HttpStatusCode.OK)).GetProperty("redriven").GetInt32());
    }

    [Fact]
    public async Task ARedriveOntoAFullQueueIsUnavailableAndTheDeadLetterStays()
    {
        await using var queue = api.WithQueueOfItsOwn(("Ingestion:Queue:MaxLength", "1"), ("Ingestion:Queue:MaxBatchDocuments", "1"));
        using var client = queue.CreateClient();
        await client.ExpectAsync(HttpMethod.Put, "/documents/poison", HttpStatusCode.Accepted, new { tenant = "quayside", body = "Daily specials" });
        var consumer = Consumer(queue, new RecordingHandler { Rejects = _ => "refused" });
        await TestQueues.StepUntilAsync(consumer, async () => await DeadLettersAsync(client) is [_], "the message is dead-lettered");
        // Re-drives go on the bulk lane, behind imports: an import fills it.
        await queue.Services.GetRequiredService<IngestionQueue>().EnqueueBulkAsync(
            [IngestionMessage.Delete("filler", "quayside")], CancellationToken.None);
        var id = Assert.Single(await DeadLettersAsync(client)).GetProperty("id").GetString()!;

        var one = await client.ProblemAsync(HttpMethod.Post, $"/ingestion/dead-letters/{id}/redrive", HttpStatusCode.ServiceUnavailable);
        var all = await client.ProblemAsync(HttpMethod.Post, "/ingestion/dead-letters/redrive", HttpStatusCode.ServiceUnavailable);

        Assert.Equal("The ingestion queue is full", one.GetProperty("title").GetString());
        Assert.Equal("The ingestion queue is full", all.GetProperty("title").GetString());
        Assert.Equal(id, Assert.Single(await DeadLettersAsync(client)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ADeadLetterHoldingNoMessageIsAConflictAndStaysWhileTheOthersAreRedriven()
    {
        await using var queue = api.WithQueueOfItsOwn();
        using var client = queue.CreateClient();
        var keys = queue.Services.GetRequiredService<IngestionQueue>().Keys;
        var database = queue.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var empty = (string)(await database.StreamAddAsync(keys.DeadLetters, [new("dead:error", "written by hand"), new("dead:deliveries", 1)]))!;
        await client.ExpectAsync(HttpMethod.Put, "/documents/poison", HttpStatusCode.Accepted, new { tenant = "quayside", body = "Daily specials" });
        var consumer = Consumer(queue, new RecordingHandler { Rejects = _ => "refused" });
        await TestQueues.StepUntilAsync(consumer, async () => await DeadLettersAsync(client) is [_, _], "the message is dead-lettered beside the empty one");

        var one = await client.ProblemAsync(HttpMethod.Post, $"/ingestion/dead-letters/{empty}/redrive", HttpStatusCode.Conflict);
        var all = await client.ExpectAsync(HttpMethod.Post, "/ingestion/dead-letters/redrive", HttpStatusCode.OK);

        Assert.Equal("The dead letter cannot be re-driven", one.GetProperty("title").GetString());
        Assert.Contains(empty, one.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, all.GetProperty("redriven").GetInt32());
        Assert.Equal(empty, Assert.Single(await DeadLettersAsync(client)).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("?count=0", "count")]
    [InlineData("?count=101", "count")]
    [InlineData("?count=many", "count")]
    [InlineData("?after=yesterday", "after")]
    [InlineData("?after=1-2-3", "after")]
    public async Task ABadDeadLetterPageIsABadRequestNamingTheField(string query, string field)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Get, $"/ingestion/dead-letters{query}", null, field);
    }

    [Fact]
    public async Task ADeadLetterIdIsCheckedAndAnUnknownOneIsNotFound()
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/ingestion/dead-letters/not-an-id/redrive", null, "id");
        var problem = await client.ProblemAsync(HttpMethod.Post, "/ingestion/dead-letters/1-0/redrive", HttpStatusCode.NotFound);

        Assert.Equal("No such dead letter", problem.GetProperty("title").GetString());
    }

    /// <summary>A consumer of <paramref name="variant"/>'s queue, as a Worker would run it.</summary>
    private static IngestionConsumer Consumer(WebApplicationFactory<ApiProgram> variant, IIngestionHandler handler) => new(
        variant.Services.GetRequiredService<IConnectionMultiplexer>(),
        variant.Services.GetRequiredService<IChannelSubscriptions>(),
        variant.Services.GetRequiredService<IngestionQueue>(),
        handler,
        TimeProvider.System,
        NullLogger<IngestionConsumer>.Instance);

    private static async Task<JsonElement[]> DeadLettersAsync(HttpClient client) =>
        [.. (await client.ExpectAsync(HttpMethod.Get, "/ingestion/dead-letters?count=100", HttpStatusCode.OK)).EnumerateArray()];
}
