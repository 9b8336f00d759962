using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace RedisAspire.Tests.EndToEnd;

/// <summary><c>PUT</c> and <c>DELETE /documents/{id}</c> queue work for the Worker; <c>GET /documents/{id}</c> reads PostgreSQL.</summary>
public sealed partial class WholeAppTests
{
    [Fact]
    public async Task APutDocumentIsAcceptedAndOnceItsOperationCompletesIsReadableAndFound()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"harbour{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        var id = $"tides-{tenant}";

        using var response = await api.PutAsJsonAsync($"/documents/{id}", new
        {
            body = "High tide at the harbour mouth comes about fifty minutes later each day; check the tide table before sailing.",
            title = "Tide table",
            tenant,
            language = "en",
            updatedAt = "2025-03-14T09:30:00Z",
        }, timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        var operation = accepted.GetProperty("operationId").GetString()!;
        Assert.Equal(1, accepted.GetProperty("messages").GetInt32());
        Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);
        await WaitForOperationAsync(api, operation, timeout.Token);

        var stored = await api.GetFromJsonAsync<JsonElement>($"/documents/{id}", timeout.Token);
        Assert.Equal(id, stored.GetProperty("id").GetString());
        Assert.Equal(tenant, stored.GetProperty("tags").GetProperty("tenant").GetString());
        Assert.Equal("en", stored.GetProperty("tags").GetProperty("language").GetString());
        Assert.Equal("Tide table", stored.GetProperty("texts").GetProperty("title").GetString());
        Assert.Equal(DateTimeOffset.Parse("2025-03-14T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds(),
            stored.GetProperty("numbers").GetProperty("updated_at").GetInt64());
        Assert.Equal((1, 0, false, 384), (
            stored.GetProperty("chunks").GetInt32(), stored.GetProperty("hotChunks").GetInt32(),
            stored.GetProperty("inHotTier").GetBoolean(), stored.GetProperty("dimensions").GetInt32()));
        var found = await PostAsync(api, "/search", new { text = "When is high tide?", k = 1, filters = new { tenant } }, timeout.Token);
        var hit = Assert.Single(found.GetProperty("hits").EnumerateArray());
        Assert.Equal($"{id}#0", hit.GetProperty("id").GetString());
        Assert.Equal("Tide table", hit.GetProperty("title").GetString());
    }

    [Fact]
    public async Task ADeleteIsAcceptedAndOnceItsOperationCompletesTheDocumentIsGoneAndASecondDeleteChangesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"shortlived{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        var id = $"doc-{tenant}";
        var search = new { text = "A short-lived document", filters = new { tenant } };
        await WriteAsync(api, id, new { body = "A short-lived document", tenant }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/documents/{id}", timeout.Token)).StatusCode);
        Assert.Equal($"{id}#0", Assert.Single((await PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());

        await WaitForOperationAsync(api, await DeleteAsync(api, id, tenant, timeout.Token), timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/documents/{id}", timeout.Token)).StatusCode);
        Assert.Empty((await PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray());

        // Nothing is left to remove: the removal is still accepted, and completes without changing anything.
        await WaitForOperationAsync(api, await DeleteAsync(api, id, tenant, timeout.Token), timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/documents/{id}", timeout.Token)).StatusCode);
    }

    /// <summary>Writes the document through <c>PUT /documents/{id}</c> and waits until the Worker has.</summary>
    private static async Task WriteAsync(HttpClient api, string id, object document, CancellationToken cancellationToken)
    {
        using var response = await api.PutAsJsonAsync($"/documents/{id}", document, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cancellationToken));
        var operation = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("operationId").GetString()!;
        await WaitForOperationAsync(api, operation, cancellationToken);
    }

    /// <summary>Queues the document's removal; returns the operation, checking the answer's Location.</summary>
    private static async Task<string> DeleteAsync(HttpClient api, string id, string tenant, CancellationToken cancellationToken)
    {
        using var response = await api.DeleteAsync($"/documents/{id}?tenant={Uri.EscapeDataString(tenant)}", cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(cancellationToken));
        var operation = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("operationId").GetString()!;
        Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);
        return operation;
    }
}
