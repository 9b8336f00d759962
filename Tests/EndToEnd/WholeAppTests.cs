using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.EndToEnd;

/// <summary>The whole AppHost in local-executables mode: real Redis, PostgreSQL, Api, Worker and Web processes.</summary>
public sealed class WholeAppFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(4);
    private static readonly string[] Resources = ["cache", "postgres", "db", "api", "worker", "web"];

    private readonly TemporaryDirectory dataDirectory = new();
    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync()
    {
        using var deadline = new CancellationTokenSource(StartDeadline);
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["RunMode=executables", $"LocalServers:DataDirectory={dataDirectory.Path}"], deadline.Token);
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
    }

}

[Trait("Category", "EndToEnd")]
public sealed class WholeAppTests(WholeAppFixture whole) : IClassFixture<WholeAppFixture>
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

        var first = await PostAsync(api, "/cache/embeddings", new { text = "How should insulin be stored?" }, timeout.Token);
        var second = await PostAsync(api, "/cache/embeddings", new { text = "  How should insulin   be stored? " }, timeout.Token);

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
    public async Task BadInputGetsAProblemNamingTheField(string path, string body, string field)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var api = whole.App.CreateHttpClient("api");

        using var response = await api.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), timeout.Token);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

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

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsJsonAsync(path, body, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }
}
