using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace RedisAspire.Tests.EndToEnd;

/// <summary><c>PUT</c> and <c>DELETE /documents/{id}</c> queue work for the Worker; <c>GET /documents/{id}</c> reads PostgreSQL.</summary>
public sealed partial class WholeAppTests
{
    /// <summary>Longer than any document id may be (257 characters), so not even a removal of it can be queued.</summary>
    private const string TooLongForAnyId = LongId + "bbbbbb";

    [Fact]
    public async Task APutDocumentIsAcceptedAndOnceItsOperationCompletesIsReadableAndFound()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"harbour{Guid.NewGuid():N}";
        var id = $"tides-{tenant}";

        using var response = await api.PutAsJsonAsync($"/documents/{id}", new
        {
            text = "High tide at the harbour mouth comes about fifty minutes later each day; check the tide table before sailing.",
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
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"shortlived{Guid.NewGuid():N}";
        var id = $"doc-{tenant}";
        var search = new { text = "A short-lived document", filters = new { tenant } };
        await WriteAsync(api, id, new { text = "A short-lived document", tenant }, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/documents/{id}", timeout.Token)).StatusCode);
        Assert.Equal($"{id}#0", Assert.Single((await PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());

        await WaitForOperationAsync(api, await DeleteAsync(api, id, tenant, timeout.Token), timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/documents/{id}", timeout.Token)).StatusCode);
        Assert.Empty((await PostAsync(api, "/search", search, timeout.Token)).GetProperty("hits").EnumerateArray());

        // Nothing is left to remove: the removal is still accepted, and completes without changing anything.
        await WaitForOperationAsync(api, await DeleteAsync(api, id, tenant, timeout.Token), timeout.Token);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/documents/{id}", timeout.Token)).StatusCode);
    }

    [Fact]
    public async Task APutWithAVectorIsRefusedAndToldToSendTheText()
    {
        var messages = await ProblemMessagesAsync(HttpMethod.Put, "/documents/vectored", "{\"tenant\":\"t\",\"text\":\"insulin\",\"vector\":[0.1,0.2]}", "vector");

        Assert.Contains("Send the document's text instead", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APutWithoutATenantIsRefusedNamingIt()
    {
        var messages = await ProblemMessagesAsync(HttpMethod.Put, "/documents/untenanted", "{\"text\":\"insulin\"}", "tenant");

        Assert.Contains("tenant", Assert.Single(messages), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bad", "{\"tenant\":\"t\"}", "text")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"   \"}", "text")]
    [InlineData("bad", "{\"tenant\":\"t\",\"vector\":[1]}", "vector")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"a\",\"language\":\" \"}", "language")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"a\",\"tags\":{\"colour\":\"blue\"}}", "tags.colour")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"a\",\"tags\":{\"tenant\":\"u\"}}", "tags.tenant")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"a\",\"numbers\":{\"updated_at\":5}}", "numbers.updated_at")]
    [InlineData("bad", "{\"tenant\":\"t\",\"text\":\"a\",\"numbers\":{\"floor\":5}}", "numbers.floor")]
    [InlineData("a%20b", "{\"tenant\":\"t\",\"text\":\"a\"}", "id")]
    [InlineData(LongId, "{\"tenant\":\"t\",\"text\":\"a\"}", "id")]
    public Task ABadDocumentGetsAProblemNamingTheField(string id, string body, string field) =>
        ProblemMessagesAsync(HttpMethod.Put, $"/documents/{id}", body, field);

    [Theory]
    [InlineData("bad", "", "tenant")]
    [InlineData("bad", "?tenant=%20", "tenant")]
    [InlineData("a%20b", "?tenant=t", "id")]
    [InlineData(TooLongForAnyId, "?tenant=t", "id")]
    public async Task ABadDeleteGetsAProblemNamingTheField(string id, string query, string field)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        using var response = await api.DeleteAsync($"/documents/{id}{query}", timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
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
