using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>Writes through the queue: the Api accepts, the Worker chunks, embeds and writes both tiers.</summary>
public sealed partial class WholeAppTests
{
    internal static readonly TimeSpan IngestionDeadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DocumentsQueuedThroughTheApiAreSearchableOnceTheirOperationCompletesAndGoneOnceDeleted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"quayside{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        var documents = new[]
        {
            new { id = $"ferry-{tenant}", tenant, language = "en", title = "Ferry timetable", body = "The harbour ferry leaves the north quay every twenty minutes from six in the morning until midnight." },
            new { id = $"parking-{tenant}", tenant, language = "en", title = "Parking", body = "Visitors park on the multi-storey car park behind the fish market; the first hour is free." },
        };

        var written = await IngestAsync(api, new { documents }, timeout.Token);
        await WaitForOperationAsync(api, written, timeout.Token);
        var found = await PostAsync(api, "/search", new { text = "When does the ferry leave?", k = 2, filters = new { tenant }, tier = "cold" }, timeout.Token);
        string[] hits = [.. found.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()!)];
        Assert.Equal([$"ferry-{tenant}#0", $"parking-{tenant}#0"], hits);

        var deleted = await IngestAsync(api, new { deletes = documents.Select(document => new { document.id, document.tenant }) }, timeout.Token);
        await WaitForOperationAsync(api, deleted, timeout.Token);
        var after = await PostAsync(api, "/search", new { text = "When does the ferry leave?", k = 2, filters = new { tenant }, tier = "cold" }, timeout.Token);
        Assert.Empty(after.GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public async Task ASearchCachedByTheApiIsDroppedWhenTheWorkerWritesADocumentOfItsTenant()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"invalidated{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        var gloves = new { id = $"gloves-{tenant}", tenant, title = "Gloves", body = "Sterile gloves are changed between patients." };
        await WaitForOperationAsync(api, await IngestAsync(api, new { documents = new[] { gloves } }, timeout.Token), timeout.Token);
        var search = new { text = "when to change gloves", k = 3, filters = new { tenant } };
        var first = await PostAsync(api, "/search", search, timeout.Token);
        var second = await PostAsync(api, "/search", search, timeout.Token);

        // Written by the Worker process: its invalidation must reach the Api process's cache, its in-process copy included.
        var again = new { id = $"gloves-again-{tenant}", tenant, title = "Gloves again", body = "Change gloves after touching a contaminated surface." };
        await WaitForOperationAsync(api, await IngestAsync(api, new { documents = new[] { again } }, timeout.Token), timeout.Token);
        var third = await PostAsync(api, "/search", search, timeout.Token);

        Assert.Equal("Miss", first.GetProperty("result").GetString());
        Assert.Contains(second.GetProperty("result").GetString(), new[] { "Hit", "L1Hit" });
        Assert.Equal("Miss", third.GetProperty("result").GetString());
        Assert.Equal(2, third.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task FolderImportReadsUnderTheRootTheAppHostGaveTheApiAndNowhereElse()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"imported{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        whole.ImportRoot.WriteFile($"{tenant}/ferry.md", "# Ferry timetable\n\nThe harbour ferry leaves the north quay every twenty minutes.\n");

        using var outside = await api.PostAsJsonAsync("/ingest/folder", new { path = Path.GetDirectoryName(whole.ImportRoot.Path), tenant }, timeout.Token);
        using var inside = await api.PostAsJsonAsync("/ingest/folder", new { path = tenant, tenant }, timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        var problem = await outside.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.True(problem.GetProperty("errors").TryGetProperty("path", out _), problem.ToString());
        Assert.True(inside.StatusCode == HttpStatusCode.Accepted, await inside.Content.ReadAsStringAsync(timeout.Token));
        var imported = await inside.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.Equal(1, imported.GetProperty("documents").GetInt32());
        await WaitForOperationAsync(api, imported.GetProperty("operations")[0].GetString()!, timeout.Token);
        var found = await PostAsync(api, "/search", new { text = "When does the ferry leave?", k = 1, filters = new { tenant }, tier = "cold" }, timeout.Token);
        Assert.Equal("ferry.md#0", Assert.Single(found.GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());
    }

    private static async Task<string> IngestAsync(HttpClient api, object body, CancellationToken cancellationToken)
    {
        using var response = await api.PostAsJsonAsync("/ingest/documents", body, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cancellationToken));
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var operation = accepted.GetProperty("operationId").GetString()!;
        Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);
        return operation;
    }

    internal static async Task WaitForOperationAsync(HttpClient api, string operation, CancellationToken cancellationToken)
    {
        JsonElement status = default;
        await Eventually.HoldsAsync(
            async () => await PausedAsync(cancellationToken) && (status = await api.GetFromJsonAsync<JsonElement>($"/operations/{operation}", cancellationToken)).GetProperty("state").GetString() is "Completed" or "Failed" or "PartiallyFailed",
            IngestionDeadline,
            $"operation {operation} finishes");
        Assert.True(status.GetProperty("state").GetString() == "Completed", status.ToString());
    }

    /// <summary>Spaces out polls that each cost the Api a request.</summary>
    internal static async Task<bool> PausedAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        return true;
    }
}
