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
}
