using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>
/// The whole AppHost in local-executables mode: real Redis, PostgreSQL, Api, Worker and Web processes. The Worker does
/// not queue the sample corpus at its first start: embedding it is minutes of model work on a small machine, which every
/// write of a test would wait behind. <see cref="SampleCorpusAppFixture"/> is the app of the tests about it.
/// </summary>
public class WholeAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(4);
    private static readonly string[] Resources = ["cache", "postgres", "db", "api", "worker", "web"];

    private readonly TemporaryDirectory dataDirectory = new();
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    /// <summary>The folder the AppHost is told to allow folder imports under, rather than the repository's own.</summary>
    internal TemporaryDirectory ImportRoot { get; } = new();

    /// <summary>Whether the Worker queues the sample corpus at its first start, as it does by default.</summary>
    protected virtual bool SeedsSampleCorpus => false;

    public async Task InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RunMode=executables", $"LocalServers:DataDirectory={dataDirectory.Path}", $"Ingestion:FolderImport:Root={ImportRoot.Path}"], deadline.Token);
        var worker = appHost.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "worker");
        appHost.CreateResourceBuilder(worker).WithEnvironment("Ingestion__SeedSampleCorpus", SeedsSampleCorpus ? "true" : "false");
        app = await appHost.BuildAsync(deadline.Token);
        await app.StartAsync(deadline.Token);
        foreach (var resource in Resources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await ServerDataCleanup.DeleteAfterShutdownAsync(dataDirectory.Path);
        dataDirectory.Dispose();
        ImportRoot.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Trait("Category", "EndToEnd")]
public sealed partial class WholeAppTests(WholeAppFixture whole) : IClassFixture<WholeAppFixture>
{
    [Fact]
    public async Task TheApiSeesRedis8WithVectorSetsAndPostgresWithPgvector()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        var status = await api.GetFromJsonAsync<JsonElement>("/status", timeout.Token);

        var redis = status.GetProperty("redis");
        Assert.True(Version.Parse(redis.GetProperty("version").GetString()!) >= new Version(8, 0), redis.ToString());
        Assert.True(redis.GetProperty("vectorSets").GetBoolean(), redis.ToString());
        var postgres = status.GetProperty("postgres");
        var pgvector = postgres.GetProperty("pgvector").GetString();
        Assert.NotNull(pgvector);
        Assert.True(Version.Parse(pgvector) >= new Version(0, 5), postgres.ToString());
    }

    [Fact]
    public async Task TheDashboardShowsWhatTheApiSees()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var web = whole.App.CreateHttpClient("web");

        var page = await web.GetStringAsync("/", timeout.Token);

        Assert.Contains("data-testid=\"redis-engines\">Vector Sets", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"pgvector-version\">0\\.\\d+\\.\\d+<", page);
    }

    [Fact]
    public async Task TheSecondEmbeddingOfATextIsACacheHitUnderTheModelsKey()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var api = whole.App.CreateHttpClient("api");

        // A text of this test's own: other tests embed through the same cache.
        var marker = Guid.NewGuid().ToString("N");
        var first = await PostAsync(api, "/cache/embeddings", new { text = $"How should insulin be kept? {marker}" }, timeout.Token);
        var second = await PostAsync(api, "/cache/embeddings", new { text = $"  How should insulin   be kept? {marker} " }, timeout.Token);

        Assert.Equal("Miss", first.GetProperty("outcome").GetString());
        Assert.Equal("Hit", second.GetProperty("outcome").GetString());
        Assert.Equal(384, second.GetProperty("dimensions").GetInt32());
        Assert.Equal(first.GetProperty("key").GetString(), second.GetProperty("key").GetString());
        Assert.StartsWith("embedding:all-MiniLM-L6-v2:", second.GetProperty("key").GetString(), StringComparison.Ordinal);

        var entry = await api.GetFromJsonAsync<JsonElement>($"/cache/entries/{second.GetProperty("key").GetString()}", timeout.Token);
        Assert.Equal("Fixed", entry.GetProperty("strategy").GetString());
    }

    [Theory]
    [InlineData("/cache/embeddings", "{\"text\":\"   \"}", "text")]
    [InlineData("/cache/stampede-lab", "{\"callers\":5000}", "callers")]
    [InlineData("/cache/stampede-lab", "{\"protection\":\"sometimes\"}", "protection")]
    [InlineData("/cache/stampede-lab", "{\"factoryMilliseconds\":-1}", "factoryMilliseconds")]
    [InlineData("/cache/stampede-lab", "{\"strategy\":\"forever\"}", "strategy")]
    [InlineData("/cache/stampede-lab", "{\"timeToLiveSeconds\":-5}", "timeToLiveSeconds")]
    public Task BadInputGetsAProblemNamingTheField(string path, string body, string field) =>
        ProblemMessagesAsync(HttpMethod.Post, path, body, field);

    [Fact]
    public async Task AMalformedBodyIsABadRequestNotAServerError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        using var response = await api.PostAsync("/cache/embeddings", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"), timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("could not be read", await response.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a%7Bb")]
    [InlineData("%20")]
    public async Task AKeyThatCannotBeACacheKeyIsABadRequest(string key)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        using var response = await api.GetAsync($"/cache/entries/{key}", timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ADocumentWrittenThroughTheApiIsFoundByItsMeaningWithinItsTenantOnly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"tidewater{Guid.NewGuid():N}";
        var other = $"beancraft{Guid.NewGuid():N}";
        await WriteAsync(api, $"insulin-{tenant}", new { text = "Keep unopened insulin vials in the refrigerator between 2 and 8 degrees Celsius.", title = "Insulin storage", tenant, language = "en" }, timeout.Token);
        await WriteAsync(api, $"hygiene-{tenant}", new { text = "Wash hands with soap for twenty seconds before touching a patient.", title = "Hand hygiene", tenant, language = "en" }, timeout.Token);
        await WriteAsync(api, $"insulin-{other}", new { text = "Insulin must be kept cold in the fridge.", title = "Other tenant's insulin note", tenant = other, language = "en" }, timeout.Token);

        // The Worker writes new documents to PostgreSQL only; a refresh brings them into the hot tier.
        await RefreshHotSetAsync(api, timeout.Token);
        var search = new { text = "How should insulin be stored?", k = 2, filters = new { tenant, language = "en" } };
        var first = await PostAsync(api, "/search", search, timeout.Token);
        var second = await PostAsync(api, "/search", search, timeout.Token);

        var hits = first.GetProperty("hits").EnumerateArray().ToArray();
        Assert.Equal([$"insulin-{tenant}#0", $"hygiene-{tenant}#0"], hits.Select(hit => hit.GetProperty("id").GetString()));
        Assert.Equal("Insulin storage", hits[0].GetProperty("title").GetString());
        Assert.True(hits[0].GetProperty("score").GetDouble() > hits[1].GetProperty("score").GetDouble(), first.ToString());
        Assert.Equal(("Hot", "VectorSets"), (first.GetProperty("tier").GetString(), first.GetProperty("engine").GetString()));
        Assert.True(first.GetProperty("timings").GetProperty("hotMilliseconds").GetDouble() > 0, first.ToString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("timings").GetProperty("coldMilliseconds").ValueKind);
        Assert.Equal("Hit", second.GetProperty("embedding").GetString());
    }

    [Fact]
    public async Task WhenTheHotTierHasTooFewResultsPostgresAnswersWithTheSameDocuments()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"tidewater{Guid.NewGuid():N}";
        await WriteAsync(api, $"insulin-{tenant}", new { text = "Keep unopened insulin vials in the refrigerator.", title = "Insulin storage", tenant }, timeout.Token);
        await WriteAsync(api, $"hygiene-{tenant}", new { text = "Wash hands with soap before touching a patient.", title = "Hand hygiene", tenant }, timeout.Token);
        await RefreshHotSetAsync(api, timeout.Token);

        var auto = await PostAsync(api, "/search", new { text = "How should insulin be stored?", k = 5, filters = new { tenant } }, timeout.Token);
        var cold = await PostAsync(api, "/search", new { text = "How should insulin be stored?", k = 5, filters = new { tenant }, tier = "cold" }, timeout.Token);
        var hot = await PostAsync(api, "/search", new { text = "How should insulin be stored?", k = 5, filters = new { tenant }, tier = "hot" }, timeout.Token);

        Assert.Equal(("Cold", "PostgreSQL", "TooFewResults"), (auto.GetProperty("tier").GetString(), auto.GetProperty("engine").GetString(), auto.GetProperty("missReason").GetString()));
        Assert.True(auto.GetProperty("timings").GetProperty("hotMilliseconds").GetDouble() > 0, auto.ToString());
        Assert.True(auto.GetProperty("timings").GetProperty("coldMilliseconds").GetDouble() > 0, auto.ToString());
        Assert.Equal(("Cold", JsonValueKind.Null), (cold.GetProperty("tier").GetString(), cold.GetProperty("missReason").ValueKind));
        Assert.Equal("Hot", hot.GetProperty("tier").GetString());
        string[] Ids(JsonElement answer) => [.. answer.GetProperty("hits").EnumerateArray().Select(hit => hit.GetProperty("id").GetString()!)];
        Assert.Equal([$"insulin-{tenant}#0", $"hygiene-{tenant}#0"], Ids(auto));
        Assert.Equal(Ids(auto), Ids(cold));
        Assert.Equal(Ids(auto), Ids(hot));
        Assert.Equal(
            auto.GetProperty("hits")[0].GetProperty("score").GetDouble(), hot.GetProperty("hits")[0].GetProperty("score").GetDouble(), 2);
    }

    [Fact]
    public async Task AHostileTenantFindsNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"tidewater{Guid.NewGuid():N}";
        await WriteAsync(api, $"doc-{tenant}", new { text = "Insulin storage", tenant }, timeout.Token);
        var genuine = await PostAsync(api, "/search", new { text = "Insulin storage", filters = new { tenant } }, timeout.Token);
        Assert.Equal($"doc-{tenant}#0", Assert.Single(genuine.GetProperty("hits").EnumerateArray()).GetProperty("id").GetString());

        foreach (var hostile in new[] { $"x\" or .tenant == \"{tenant}", $"x' or .tenant == '{tenant}", $"x}} | @tenant:{{{tenant}" })
        {
            var result = await PostAsync(api, "/search", new { text = "Insulin storage", filters = new { tenant = hostile } }, timeout.Token);
            Assert.Empty(result.GetProperty("hits").EnumerateArray());
        }
    }

    [Theory]
    [InlineData("{\"text\":\"insulin\",\"k\":0}", "k")]
    [InlineData("{\"text\":\"insulin\",\"k\":1000}", "k")]
    [InlineData("{\"vector\":[0.1,0.2,0.3]}", "vector")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"colour\":\"blue\"}}", "filters.colour")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"updatedAfter\":\"yesterday\"}}", "filters.updatedAfter")]
    [InlineData("{\"text\":\"insulin\",\"filters\":{\"tenant\":\"\"}}", "filters.tenant")]
    [InlineData("{\"text\":\"   \"}", "text")]
    [InlineData("{}", "text")]
    [InlineData("{\"text\":\"insulin\",\"vector\":[0.1]}", "text")]
    [InlineData("{\"text\":\"insulin\",\"radius\":5}", "radius")]
    [InlineData("{\"text\":\"insulin\",\"efRuntime\":0}", "efRuntime")]
    [InlineData("{\"text\":\"insulin\",\"tier\":\"lukewarm\"}", "tier")]
    [InlineData("{\"text\":\"insulin\",\"tier\":\"cold\",\"radius\":0.5}", "radius")]
    public async Task ABadSearchGetsAProblemNamingTheField(string body, string field)
    {
        var messages = await ProblemMessagesAsync(HttpMethod.Post, "/search", body, field);

        if (field == "vector")
        {
            Assert.Contains("has 3 dimensions; index 'embeddings' expects 384", messages[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnUnknownFieldInASearchIsABadRequest()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        using var response = await api.PostAsync("/search", new StringContent("{\"text\":\"insulin\",\"top\":3}", System.Text.Encoding.UTF8, "application/json"), timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("top", await response.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIndexCanBeDescribedAndRebuiltWhileItsDocumentsStayFindable()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"rebuild{Guid.NewGuid():N}";
        await WriteAsync(api, $"kept-{tenant}", new { text = "Sterilise instruments in an autoclave.", title = "Autoclave", tenant }, timeout.Token);

        // A rebuild copies the hot tier's own documents: a refresh first makes this one of them.
        await RefreshHotSetAsync(api, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync("/indexes/nope", timeout.Token)).StatusCode);

        using var rebuild = await api.PostAsync("/indexes/embeddings/rebuild", null, timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.Accepted, rebuild.StatusCode);
        Assert.Equal("/indexes/embeddings", rebuild.Headers.Location?.ToString());
        var status = default(JsonElement);
        await Eventually.HoldsAsync(
            async () =>
            {
                status = await api.GetFromJsonAsync<JsonElement>("/indexes/embeddings", timeout.Token);
                return status.GetProperty("rebuild").GetProperty("state").GetString() == "Completed";
            },
            TimeSpan.FromSeconds(60), "the rebuild completes");
        Assert.Equal("VectorSets", status.GetProperty("engine").GetString());
        Assert.Equal(384, status.GetProperty("dimension").GetInt32());
        Assert.True(status.GetProperty("documents").GetInt64() >= 1, status.ToString());
        var result = await PostAsync(api, "/search", new { text = "autoclave sterilisation", filters = new { tenant }, tier = "hot" }, timeout.Token);
        Assert.Equal($"kept-{tenant}#0", result.GetProperty("hits")[0].GetProperty("id").GetString());
    }

    /// <summary>Sends the body, and checks for a 400 whose errors name <paramref name="field"/>; returns their messages.</summary>
    private async Task<string[]> ProblemMessagesAsync(HttpMethod method, string path, string body, string field)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        using var response = await api.SendAsync(request, timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        return [.. messages.EnumerateArray().Select(message => message.GetString()!)];
    }

    [Fact]
    public async Task AHotSetRefreshLoadsTheMostAskedDocumentsAndShowsItsProgress()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"asked{Guid.NewGuid():N}";
        await WriteAsync(api, $"asked-{tenant}", new { text = "Autoclave cycles for surgical instruments.", title = "Autoclave cycles", tenant }, timeout.Token);

        // Asked often enough to rank among the 20 most asked, whatever other tests asked before (a cached answer counts too).
        for (var ask = 0; ask < 50; ask++)
        {
            await PostAsync(api, "/search", new { text = "autoclave cycles", k = 1, filters = new { tenant } }, timeout.Token);
        }

        var hotSet = await RefreshHotSetAsync(api, timeout.Token);

        Assert.Equal(2000, hotSet.GetProperty("size").GetInt32());
        Assert.True(hotSet.GetProperty("refresh").GetProperty("fromAsks").GetInt32() >= 1, hotSet.ToString());
        Assert.Contains(hotSet.GetProperty("mostAsked").EnumerateArray(), entry => entry.GetProperty("id").GetString() == $"asked-{tenant}#0");
        var found = await PostAsync(api, "/search", new { text = "autoclave cycles", k = 1, filters = new { tenant }, tier = "hot" }, timeout.Token);
        Assert.Equal($"asked-{tenant}#0", found.GetProperty("hits")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task ASearchAskedAgainIsCachedUntilADocumentOfItsTenantChanges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var api = whole.App.CreateHttpClient("api");
        var tenant = $"cached{Guid.NewGuid():N}";
        await WriteAsync(api, $"first-{tenant}", new { text = "Sterile gloves are changed between patients.", title = "Gloves", tenant }, timeout.Token);
        var search = new { text = "when to change gloves", k = 3, filters = new { tenant } };

        var first = await PostAsync(api, "/search", search, timeout.Token);
        var second = await PostAsync(api, "/search", search, timeout.Token);
        await WriteAsync(api, $"second-{tenant}", new { text = "Change gloves after touching a contaminated surface.", title = "Gloves again", tenant }, timeout.Token);
        var third = await PostAsync(api, "/search", search, timeout.Token);

        Assert.Equal("Miss", first.GetProperty("result").GetString());
        Assert.Contains(second.GetProperty("result").GetString(), new[] { "Hit", "L1Hit" });
        Assert.Equal("Miss", third.GetProperty("result").GetString());
        Assert.Equal(2, third.GetProperty("hits").GetArrayLength());
    }

    /// <summary>Refreshes the hot set, so that it holds the documents written so far; returns <c>GET /hotset</c> once it completed.</summary>
    private static async Task<JsonElement> RefreshHotSetAsync(HttpClient api, CancellationToken cancellationToken)
    {
        using var refresh = await api.PostAsync("/hotset/refresh", null, cancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, refresh.StatusCode);

        // The 202 comes once this refresh runs, so a completed state is this refresh's, not an earlier one's.
        var hotSet = default(JsonElement);
        await Eventually.HoldsAsync(
            async () =>
            {
                hotSet = await api.GetFromJsonAsync<JsonElement>("/hotset", cancellationToken);
                return await PausedAsync(cancellationToken) && hotSet.GetProperty("refresh").GetProperty("state").GetString() is "Completed" or "Failed";
            },
            TimeSpan.FromSeconds(60), "the refresh finishes");
        Assert.True(hotSet.GetProperty("refresh").GetProperty("state").GetString() == "Completed", hotSet.ToString());
        return hotSet;
    }

    internal static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
