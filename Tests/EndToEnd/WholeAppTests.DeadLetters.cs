using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>Messages the Worker can never handle: dead-lettered with their error, without holding up the rest, and put back on demand.</summary>
public sealed partial class WholeAppTests
{
    /// <summary>As long as the Worker of a loaded machine may take to handle a few documents and a re-drive.</summary>
    private static readonly TimeSpan DeadLetterDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task ADocumentPostgresRefusesIsDeadLetteredWithItsErrorWhileTheDocumentsAroundItAreWrittenAndARedriveRefusesItAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        var tenant = $"scanned{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        object Document(string name, string title, string body) => new { id = $"{name}-{tenant}", tenant, language = "en", title, body };
        var poisonId = $"scan-{tenant}";
        // Text extracted from a scanned PDF, NUL characters and all. The Api refuses it; a producer writing to the queue
        // itself (a script, an older release) does not, and PostgreSQL text cannot hold a NUL, so the Worker fails on
        // it at every delivery.
        var body = "Daily specials\0\0 grilled plaice with warm potato salad.";
        using (var refused = await api.PostAsJsonAsync("/ingest/documents", new { documents = new[] { new { id = poisonId, tenant, body } } }, timeout.Token))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await whole.App.GetConnectionStringAsync("cache", timeout.Token))!);
        var queue = new IngestionQueue(redis, Options.Create(new IngestionQueueOptions()), new IngestionQueueTelemetry(), TimeProvider.System);
        SourceDocument Source(string id, string title, string text) =>
            new() { Id = id, Tenant = tenant, Language = "en", Title = title, Body = text, UpdatedAt = DateTimeOffset.UtcNow };

        var before = await QueueDocumentsAsync(api, [Document("ferry", "Ferry timetable", "The harbour ferry leaves the north quay every twenty minutes.")], timeout.Token);
        // One batch is one operation whose entries reach the stream together, so the Worker reads them as one batch.
        var mixed = await queue.EnqueueBatchAsync(
        [
            IngestionMessage.Upsert(Source($"parking-{tenant}", "Parking", "Visitors park behind the fish market; the first hour is free.")),
            IngestionMessage.Upsert(Source(poisonId, "Scanned menu", body)),
            IngestionMessage.Upsert(Source($"market-{tenant}", "Fish market", "The fish market opens at five in the morning on weekdays.")),
        ], timeout.Token);
        var after = await QueueDocumentsAsync(api, [Document("lighthouse", "Lighthouse tours", "Lighthouse tours start at the museum every hour.")], timeout.Token);

        Assert.Equal(("Completed", 1, 0), await FinishedAsync(api, before, timeout.Token));
        Assert.Equal(("PartiallyFailed", 2, 1), await FinishedAsync(api, mixed, timeout.Token));
        Assert.Equal(("Completed", 1, 0), await FinishedAsync(api, after, timeout.Token));
        var found = await PostForJsonAsync(api, "/search", new { text = "harbour ferry parking market lighthouse", k = 10, filters = new { tenant }, tier = "cold" }, timeout.Token);
        Assert.Equal(
            ["ferry", "lighthouse", "market", "parking"],
            found.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()![..^$"-{tenant}#0".Length]).Order(StringComparer.Ordinal));
        var dead = Assert.Single(await DeadLettersOfAsync(api, poisonId, timeout.Token));
        Assert.Equal(("upsert", tenant, mixed, 1), (dead.GetProperty("kind").GetString(), dead.GetProperty("tenant").GetString(), dead.GetProperty("operationId").GetString(), dead.GetProperty("deliveries").GetInt32()));
        Assert.StartsWith("PostgreSQL refused the document (22021)", dead.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("0x00", dead.GetProperty("error").GetString(), StringComparison.Ordinal);

        // Put back as it was, it is refused again: a new dead letter, and its operation counts it failed once more.
        var deadId = dead.GetProperty("id").GetString()!;
        Assert.Equal(1, await RedriveAsync(api, deadId, timeout.Token));
        JsonElement[] again = [];
        await Eventually.HoldsAsync(
            async () => (again = [.. await DeadLettersOfAsync(api, poisonId, timeout.Token)]).Length == 1
                && again[0].GetProperty("id").GetString() != deadId
                && await FinishedAsync(api, mixed, timeout.Token) == ("PartiallyFailed", 2, 1),
            DeadLetterDeadline, "the re-driven document is refused and dead-lettered again");
        Assert.StartsWith("PostgreSQL refused the document", again[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        using var redriveAgain = await api.PostAsync($"/ingestion/dead-letters/{deadId}/redrive", null, timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, redriveAgain.StatusCode);
    }

    [Fact]
    public async Task AnEntryAnOlderProducerWroteIsDeadLetteredAtOnceAsUnreadableAndARedriveDeadLettersItAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        using var api = await whole.CreateApiClientAsync([], timeout.Token);
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await whole.App.GetConnectionStringAsync("cache", timeout.Token))!);
        var stream = new IngestionQueueKeys(new IngestionQueueOptions().KeyPrefix).Stream;
        var documentId = $"legacy-{Guid.NewGuid():N}";

        // As a producer from before the versioned format would write it: the document's fields inline, no version, no operation.
        var entryId = await redis.GetDatabase().StreamAddAsync(stream,
            [new("kind", "upsert"), new("id", documentId), new("tenant", "quayside"), new("body", "The ferry leaves every twenty minutes.")]);

        JsonElement[] dead = [];
        await Eventually.HoldsAsync(
            async () => (dead = [.. await DeadLettersOfAsync(api, documentId, timeout.Token)]).Length == 1,
            DeadLetterDeadline, "the unreadable entry is dead-lettered");
        Assert.Equal((entryId.ToString(), 1), (dead[0].GetProperty("originalId").GetString(), dead[0].GetProperty("deliveries").GetInt32()));
        Assert.Equal(JsonValueKind.Null, dead[0].GetProperty("operationId").ValueKind);
        Assert.Contains("not a version 1 ingestion message", dead[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        var deadId = dead[0].GetProperty("id").GetString()!;
        Assert.Equal(1, await RedriveAsync(api, deadId, timeout.Token));
        await Eventually.HoldsAsync(
            async () => (dead = [.. await DeadLettersOfAsync(api, documentId, timeout.Token)]).Length == 1 && dead[0].GetProperty("id").GetString() != deadId,
            DeadLetterDeadline, "the re-driven entry is dead-lettered again");
        Assert.Contains("not a version 1 ingestion message", dead[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task<string> QueueDocumentsAsync(HttpClient api, object[] documents, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync("/ingest/documents", new { documents }, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("operationId").GetString()!;
    }

    /// <summary>The operation's state, done and failed counts once every message is settled.</summary>
    private static async Task<(string State, int Done, int Failed)> FinishedAsync(HttpClient api, string operation, CancellationToken cancellationToken)
    {
        var status = default(JsonElement);
        await Eventually.HoldsAsync(
            async () =>
            {
                // Spaced out: each look costs the Api a request.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                status = await api.GetFromJsonAsync<JsonElement>($"/operations/{operation}", cancellationToken);
                return status.GetProperty("state").GetString() is "Completed" or "Failed" or "PartiallyFailed";
            },
            DeadLetterDeadline, $"operation {operation} finishes");
        return (status.GetProperty("state").GetString()!, status.GetProperty("done").GetInt32(), status.GetProperty("failed").GetInt32());
    }

    /// <summary>Every dead letter of <paramref name="documentId"/>, read page by page, oldest first.</summary>
    private static async Task<IReadOnlyList<JsonElement>> DeadLettersOfAsync(HttpClient api, string documentId, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        var found = new List<JsonElement>();
        string? after = null;
        while (true)
        {
            var page = await api.GetFromJsonAsync<JsonElement[]>($"/ingestion/dead-letters?count=100{(after is null ? "" : $"&after={after}")}", cancellationToken);
            found.AddRange(page!.Where(letter => letter.GetProperty("documentId").GetString() == documentId));
            if (page!.Length < 100)
            {
                return found;
            }

            after = page[^1].GetProperty("id").GetString();
        }
    }

    private static async Task<int> RedriveAsync(HttpClient api, string deadLetterId, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsync($"/ingestion/dead-letters/{deadLetterId}/redrive", null, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(cancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("redriven").GetInt32();
    }

    private static async Task<JsonElement> PostForJsonAsync(HttpClient api, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync(path, body, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
