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

    /// <summary>Changes the app model before it is built: what a fixture of its own adds to the whole app.</summary>
    protected virtual Task ConfigureAsync(IDistributedApplicationTestingBuilder appHost, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once the app is built and before anything of it starts.</summary>
    protected virtual void BeforeStart(DistributedApplication builtApp)
    {
    }

    /// <summary>AppHost settings beside the run mode and the folders.</summary>
    protected virtual IReadOnlyList<string> Settings => [];

    /// <summary>The resources that must be healthy before a test runs.</summary>
    protected virtual IReadOnlyList<string> HealthyResources => Resources;

    public async Task InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RunMode=executables", $"LocalServers:DataDirectory={dataDirectory.Path}", $"Ingestion:FolderImport:Root={ImportRoot.Path}", .. Settings], deadline.Token);
        var worker = appHost.Resources.OfType<ProjectResource>().Single(resource => resource.Name == "worker");
        appHost.CreateResourceBuilder(worker).WithEnvironment("Ingestion__SeedSampleCorpus", SeedsSampleCorpus ? "true" : "false");
        await ConfigureAsync(appHost, deadline.Token);
        app = await appHost.BuildAsync(deadline.Token);
        BeforeStart(app);
        await app.StartAsync(deadline.Token);
        foreach (var resource in HealthyResources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, deadline.Token);
        }
    }

    public virtual async Task DisposeAsync()
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
[Collection(WholeAppCollection.Name)]
public sealed partial class WholeAppTests(WholeAppFixture whole) : IClassFixture<WholeAppFixture>
{
    [Fact]
    public async Task TheApiSeesRedis8WithVectorSetsAndPostgresWithPgvector()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = await whole.CreateApiClientAsync([], timeout.Token);

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
    public async Task ADocumentWrittenThroughTheApiIsFoundByItsMeaningWithinItsTenantOnly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"tidewater{Guid.NewGuid():N}";
        var other = $"beancraft{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant, other], timeout.Token);
        await WriteAsync(api, $"insulin-{tenant}", new { body = "Keep unopened insulin vials in the refrigerator between 2 and 8 degrees Celsius.", title = "Insulin storage", tenant, language = "en" }, timeout.Token);
        await WriteAsync(api, $"hygiene-{tenant}", new { body = "Wash hands with soap for twenty seconds before touching a patient.", title = "Hand hygiene", tenant, language = "en" }, timeout.Token);
        await WriteAsync(api, $"insulin-{other}", new { body = "Insulin must be kept cold in the fridge.", title = "Other tenant's insulin note", tenant = other, language = "en" }, timeout.Token);

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
        Assert.Equal("L1Hit", second.GetProperty("embedding").GetString());
    }

    [Fact]
    public async Task ASearchAskedAgainIsCachedUntilADocumentOfItsTenantChanges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var tenant = $"cached{Guid.NewGuid():N}";
        using var api = await whole.CreateApiClientAsync([tenant], timeout.Token);
        await WriteAsync(api, $"first-{tenant}", new { body = "Sterile gloves are changed between patients.", title = "Gloves", tenant }, timeout.Token);
        var search = new { text = "when to change gloves", k = 3, filters = new { tenant } };

        var first = await PostAsync(api, "/search", search, timeout.Token);
        var second = await PostAsync(api, "/search", search, timeout.Token);
        await WriteAsync(api, $"second-{tenant}", new { body = "Change gloves after touching a contaminated surface.", title = "Gloves again", tenant }, timeout.Token);
        var third = await PostAsync(api, "/search", search, timeout.Token);

        Assert.Equal("Miss", first.GetProperty("result").GetString());
        Assert.Contains(second.GetProperty("result").GetString(), new[] { "Hit", "L1Hit" });
        Assert.Equal("Miss", third.GetProperty("result").GetString());
        Assert.Equal(2, third.GetProperty("hits").GetArrayLength());
    }

    /// <summary>Refreshes the hot set, so that it holds the documents written so far; returns <c>GET /hotset</c> once it completed.</summary>
    internal static async Task<JsonElement> RefreshHotSetAsync(HttpClient api, CancellationToken cancellationToken)
    {
        // The Worker's cold start may be loading the empty hot tier from the first documents (409): once it is done, a
        // refresh of our own brings in the documents written since.
        var refresh = await api.PostAsync("/hotset/refresh", null, cancellationToken);
        if (refresh.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            refresh.Dispose();
            await Eventually.HoldsAsync(
                async () => (await api.GetFromJsonAsync<JsonElement>("/hotset", cancellationToken)).GetProperty("refresh").GetProperty("state").GetString() != "Running",
                TimeSpan.FromSeconds(60), "the running refresh finishes");
            refresh = await api.PostAsync("/hotset/refresh", null, cancellationToken);
        }

        using var accepted = refresh;
        Assert.Equal(System.Net.HttpStatusCode.Accepted, accepted.StatusCode);

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
