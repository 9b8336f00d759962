using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.ServiceDefaults.Identity;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Api;
using StackExchange.Redis;

namespace RedisAspire.Tests.EndToEnd.SecretScan;

/// <summary>
/// What a whole app is asked in a day, so that every path that could write a secret runs: tokens, searches, a document
/// written, read and removed, the cache, an ingestion with a dead letter, a 400, 401s, 403s, <c>/status</c>, every request
/// of <c>Api.http</c> and the dashboard's pages. Every answer goes through <paramref name="recorder"/>.
/// </summary>
internal sealed class Scenarios(WholeAppFixture whole, ExchangeRecorder recorder, KnownSecrets secrets, CancellationToken cancellationToken)
{
    private const string Tenant = "harbor-bistro";
    private const string OtherTenant = "st-aidan-clinic";
    private static readonly TimeSpan OperationDeadline = TimeSpan.FromMinutes(3);

    /// <summary>The tokens <c>POST /dev/token</c> gave, the scenarios' own and <c>Api.http</c>'s.</summary>
    public IReadOnlyList<string> IssuedTokens => [.. recorder.Exchanges.Where(exchange => exchange.Path == "/dev/token" && exchange.Status == 200)
        .Select(exchange => JsonDocument.Parse(exchange.Answer[(exchange.Answer.IndexOf("\n\n", StringComparison.Ordinal) + 2)..]).RootElement.GetProperty("token").GetString()!)];

    /// <summary>The path of the last request to the Api, which its spans name.</summary>
    public string LastApiPath { get; } = $"/documents/last-request-{Guid.NewGuid():N}";

    /// <summary>The path of the last page asked of the dashboard, which its spans name.</summary>
    public string LastDashboardPath { get; } = $"/last-page-{Guid.NewGuid():N}";

    public async Task RunAsync()
    {
        using var api = new HttpClient(recorder, disposeHandler: false) { BaseAddress = whole.App.GetEndpoint("api", "http") };
        using var web = new HttpClient(recorder, disposeHandler: false) { BaseAddress = whole.App.GetEndpoint("web", "http") };
        var caller = await TokenAsync(api, new { tenants = new[] { Tenant } });
        var admin = await TokenAsync(api, new { tenants = Array.Empty<string>(), admin = true });

        await ExpectAsync(api, HttpMethod.Get, "/status", caller, 200);
        await DocumentAsync(api, caller);
        await CacheAsync(api, caller, admin);
        await IngestionAsync(api, caller, admin);
        await RefusalsAsync(api, caller);
        await ApiHttpFileAsync(api, admin);
        await DashboardAsync(web);
        await ExpectAsync(api, HttpMethod.Get, LastApiPath, caller, 404);
    }

    private async Task<string> TokenAsync(HttpClient api, object request) =>
        (await ExpectAsync(api, HttpMethod.Post, "/dev/token", null, 200, request)).GetProperty("token").GetString()!;

    private async Task DocumentAsync(HttpClient api, string caller)
    {
        var id = $"oysters-{Guid.NewGuid():N}";
        var written = await ExpectAsync(api, HttpMethod.Put, $"/documents/{id}", caller, 202,
            new { title = "Oysters", body = "Our oysters come from the bay every morning and are served with mignonette.", language = "en" });
        Assert.Equal("Completed", await FinishedAsync(api, caller, written));
        await ExpectAsync(api, HttpMethod.Get, $"/documents/{id}", caller, 200);

        var search = new { text = "Are the oysters fresh?", k = 3 };
        var found = await ExpectAsync(api, HttpMethod.Post, "/search", caller, 200, search);
        Assert.Contains($"{id}#0", found.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()));
        await ExpectAsync(api, HttpMethod.Post, "/search", caller, 200, search);

        var removed = await ExpectAsync(api, HttpMethod.Delete, $"/documents/{id}", caller, 202);
        Assert.Equal("Completed", await FinishedAsync(api, caller, removed));
        await ExpectAsync(api, HttpMethod.Get, $"/documents/{id}", caller, 404);
    }

    private async Task CacheAsync(HttpClient api, string caller, string admin)
    {
        var embedded = await ExpectAsync(api, HttpMethod.Post, "/cache/embeddings", caller, 200, new { text = "Do you have vegetarian dishes?" });
        await ExpectAsync(api, HttpMethod.Post, "/cache/embeddings", caller, 200, new { text = "Do you have vegetarian dishes?" });
        var key = Uri.EscapeDataString(embedded.GetProperty("key").GetString()!);
        await ExpectAsync(api, HttpMethod.Get, $"/cache/entries/{key}", admin, 200);
        await ExpectAsync(api, HttpMethod.Delete, $"/cache/entries/{key}", admin, 204);
        await ExpectAsync(api, HttpMethod.Delete, $"/cache/tags/{Uri.EscapeDataString($"tenant:{Tenant}:menu")}", caller, 200);
        await ExpectAsync(api, HttpMethod.Get, "/cache/stats", admin, 200);
    }

    /// <summary>
    /// A document with NUL characters: refused by the Api, and, sent straight onto the queue in a batch as a producer that
    /// skips the Api would, refused by PostgreSQL, an error path in the Worker and a dead letter.
    /// </summary>
    private async Task IngestionAsync(HttpClient api, string caller, string admin)
    {
        var poison = new { id = $"scanned-menu-{Guid.NewGuid():N}", title = "Scanned menu", body = "Daily specials\0\0 grilled plaice." };
        await ExpectAsync(api, HttpMethod.Post, "/ingest/documents", caller, 400, new { documents = new[] { poison } });

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await whole.App.GetConnectionStringAsync("cache", cancellationToken))!);
        var queue = new IngestionQueue(redis, Options.Create(new IngestionQueueOptions()), new IngestionQueueTelemetry(), TimeProvider.System);
        SourceDocument Source(string id, string title, string body) =>
            new() { Id = id, Tenant = Tenant, Title = title, Body = body, UpdatedAt = DateTimeOffset.UtcNow };
        var operation = await queue.EnqueueBatchAsync(
        [
            IngestionMessage.Upsert(Source($"parking-{Guid.NewGuid():N}", "Parking", "Guests park behind the fish market; the first hour is free.")),
            IngestionMessage.Upsert(Source(poison.id, poison.title, poison.body)),
        ], cancellationToken);
        Assert.Equal("PartiallyFailed", await FinishedAsync(api, caller, operation));
        var dead = await ExpectAsync(api, HttpMethod.Get, "/ingestion/dead-letters?count=100", admin, 200);
        Assert.Contains(poison.id, dead.EnumerateArray().Select(letter => letter.GetProperty("documentId").GetString()));
        await ExpectAsync(api, HttpMethod.Get, "/ingestion", admin, 200);
    }

    private async Task RefusalsAsync(HttpClient api, string caller)
    {
        await ExpectAsync(api, HttpMethod.Post, "/search", caller, 400, new { text = "oysters", k = 0 });
        await ExpectAsync(api, HttpMethod.Post, "/search", null, 401, new { text = "oysters" });
        await ExpectAsync(api, HttpMethod.Post, "/search", "not-a-jwt", 401, new { text = "oysters" });

        // Signed with a key this run's Api has never seen: a real token, which the Api must refuse without repeating it.
        var foreign = new DevelopmentIssuer(DevelopmentIssuer.NewKey()).Issue("intruder", [Tenant], [CallerClaims.AdminRole], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        secrets.Add("a token of another issuer", foreign);
        await ExpectAsync(api, HttpMethod.Post, "/search", foreign, 401, new { text = "oysters" });

        await ExpectAsync(api, HttpMethod.Post, "/search", caller, 403, new { text = "oysters", filters = new { tenant = OtherTenant } });
        await ExpectAsync(api, HttpMethod.Put, "/documents/their-menu", caller, 403, new { tenant = OtherTenant, body = "Soup" });
        await ExpectAsync(api, HttpMethod.Get, "/hotset", caller, 403);
        await ExpectAsync(api, HttpMethod.Get, "/ingestion/dead-letters", caller, 403);
    }

    /// <summary>Every request of <c>Api.http</c>, in order, as an admin: one for every endpoint, operations included.</summary>
    private async Task ApiHttpFileAsync(HttpClient api, string admin)
    {
        using var client = new HttpClient(recorder, disposeHandler: false) { BaseAddress = api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        var file = HttpFile.Parse(await File.ReadAllTextAsync("Api.http", cancellationToken), "Api_HostAddress", api.BaseAddress!.ToString());
        foreach (var request in file.Requests)
        {
            var (status, body) = await file.SendAsync(client, request);
            Assert.True(request.Expected.Contains(status), $"Api.http, {request.Title}: {request.Method} {request.Url} answered {status}: {secrets.Mask(body)}");
        }
    }

    private async Task DashboardAsync(HttpClient web)
    {
        var home = await web.GetStringAsync("/", cancellationToken);
        Assert.Contains("data-testid=\"redis-version\"", home, StringComparison.Ordinal);
        foreach (var page in new[] { "/not-found", "/Error", LastDashboardPath })
        {
            using var _ = await web.GetAsync(page, cancellationToken);
        }
    }

    /// <summary>The state of the operation <paramref name="accepted"/> names, once it has finished.</summary>
    private Task<string> FinishedAsync(HttpClient api, string caller, JsonElement accepted) =>
        FinishedAsync(api, caller, accepted.GetProperty("operationId").GetString()!);

    private async Task<string> FinishedAsync(HttpClient api, string caller, string operationId)
    {
        var path = $"/operations/{operationId}";
        var state = "";
        await Eventually.HoldsAsync(
            async () => await WholeAppTests.PausedAsync(cancellationToken)
                && (state = (await ExpectAsync(api, HttpMethod.Get, path, caller, 200)).GetProperty("state").GetString()!) is "Completed" or "Failed" or "PartiallyFailed",
            OperationDeadline, $"{path} finishes");
        return state;
    }

    /// <summary>Sends a request with <paramref name="token"/> (none if null), checks its status and returns its body as JSON (empty if none).</summary>
    private async Task<JsonElement> ExpectAsync(HttpClient client, HttpMethod method, string path, string? token, int status, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True((int)response.StatusCode == status, $"{method} {path}: {(int)response.StatusCode} instead of {status}: {secrets.Mask(text)}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
