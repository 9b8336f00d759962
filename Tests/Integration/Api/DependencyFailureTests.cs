using System.Net;
using System.Text.Json;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// Redis or PostgreSQL stopped under the Api: each endpoint answers a 503 naming the part that is unavailable, what
/// can do without it still answers, and the Api recovers once the server is back. On an Api and servers of this class's
/// own (the shared fixture's must keep running for the other tests).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DependencyFailureTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private const string ResultCache = "The result cache is unavailable";
    private const string IngestionQueue = "The ingestion queue is unavailable";
    private const string HotTier = "The vector hot tier is unavailable";
    private const string ColdTier = "The cold tier (PostgreSQL) is unavailable";
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WithRedisStoppedEachPartOnItIsNamedUnavailableAndTheApiRecoversWhenItIsBack()
    {
        using var client = api.CreateClient();
        var vector = JsonSerializer.Serialize(api.AtDistance(0));
        var document = "{\"tenant\":\"quayside\",\"body\":\"The ferry leaves every twenty minutes.\"}";
        await api.Redis.StopAsync();
        try
        {
            // Together: each waits for the client to give up on Redis. Redis only speeds up the search and the
            // embedding: PostgreSQL answers the one, the model the other.
            var status = client.ProblemAsync(HttpMethod.Get, "/status", HttpStatusCode.ServiceUnavailable);
            var search = client.ExpectAsync(HttpMethod.Post, "/search", HttpStatusCode.OK, new { vector = api.AtDistance(0), filters = new { tenant = "quayside" } });
            var embedding = client.ExpectAsync(HttpMethod.Post, "/cache/embeddings", HttpStatusCode.OK, new { text = "When does the ferry leave?" });
            var answers = await Task.WhenAll(
                TitleAsync(client, HttpMethod.Get, "/cache/entries/x"),
                TitleAsync(client, HttpMethod.Delete, "/cache/entries/x"),
                TitleAsync(client, HttpMethod.Delete, "/cache/tags/x"),
                TitleAsync(client, HttpMethod.Get, "/ingestion"),
                TitleAsync(client, HttpMethod.Get, "/ingestion/dead-letters"),
                TitleAsync(client, HttpMethod.Get, $"/operations/{Guid.NewGuid():N}"),
                TitleAsync(client, HttpMethod.Put, "/documents/ferry", document),
                TitleAsync(client, HttpMethod.Delete, "/documents/ferry?tenant=quayside"),
                TitleAsync(client, HttpMethod.Post, "/ingest/documents", "{\"deletes\":[{\"id\":\"ferry\",\"tenant\":\"quayside\"}]}"),
                TitleAsync(client, HttpMethod.Post, "/ingestion/dead-letters/redrive"),
                TitleAsync(client, HttpMethod.Get, "/hotset"),
                TitleAsync(client, HttpMethod.Get, "/indexes/embeddings"),
                TitleAsync(client, HttpMethod.Post, "/search", $"{{\"vector\":{vector},\"tier\":\"hot\"}}"));

            Assert.Equal(
            [
                ResultCache, ResultCache, ResultCache, IngestionQueue, IngestionQueue, IngestionQueue, IngestionQueue, IngestionQueue,
                IngestionQueue, IngestionQueue, HotTier, HotTier, HotTier,
            ], answers);
            Assert.Equal("Redis did not answer", (await status).GetProperty("title").GetString());
            Assert.Equal("Cold", (await search).GetProperty("tier").GetString());
            Assert.Contains((await search).GetProperty("missReason").GetString(), new[] { "Failed", "TimedOut" });
            Assert.Equal("Bypassed", (await search).GetProperty("result").GetString());
            Assert.Equal("Bypassed", (await embedding).GetProperty("outcome").GetString());
        }
        finally
        {
            await api.Redis.StartAgainAsync();
        }

        await Eventually.HoldsAsync(
            async () => (await client.SendAsync(HttpMethod.Get, "/ingestion")) is var (status, _, response) && Disposed(response) && status == HttpStatusCode.OK,
            RecoveryDeadline, "the Api reaches Redis again");
    }

    [Fact]
    public async Task WithPostgresStoppedTheColdTierIsNamedUnavailableAndTheApiRecoversWhenItIsBack()
    {
        using var client = api.CreateClient();
        await api.Postgres.StopAsync();
        try
        {
            var answers = await Task.WhenAll(
                TitleAsync(client, HttpMethod.Get, "/documents/ferry"),
                TitleAsync(client, HttpMethod.Post, "/search", $"{{\"vector\":{JsonSerializer.Serialize(api.AtDistance(0))},\"tier\":\"cold\"}}"),
                TitleAsync(client, HttpMethod.Get, "/reembed"));

            Assert.Equal([ColdTier, ColdTier, ColdTier], answers);
            var status = await client.ProblemAsync(HttpMethod.Get, "/status", HttpStatusCode.ServiceUnavailable);
            Assert.Equal("PostgreSQL did not answer", status.GetProperty("title").GetString());
        }
        finally
        {
            await api.Postgres.StartAgainAsync();
        }

        await Eventually.HoldsAsync(
            async () => (await client.SendAsync(HttpMethod.Get, "/documents/ferry")) is var (status, _, response) && Disposed(response) && status == HttpStatusCode.NotFound,
            RecoveryDeadline, "the Api reaches PostgreSQL again");
    }

    /// <summary>The title of the 503 ProblemDetails <paramref name="path"/> answers.</summary>
    private static async Task<string> TitleAsync(HttpClient client, HttpMethod method, string path, string? body = null) =>
        (await client.ProblemAsync(method, path, HttpStatusCode.ServiceUnavailable, body)).GetProperty("title").GetString()!;

    private static bool Disposed(HttpResponseMessage response)
    {
        response.Dispose();
        return true;
    }
}
