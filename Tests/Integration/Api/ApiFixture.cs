extern alias Api;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RedisAspire.Tests.Infrastructure;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// The Api in process (<see cref="WebApplicationFactory{TEntryPoint}"/>) over a real Redis and a real PostgreSQL of its
/// own, with the configured local embedding model: every endpoint's contract, without the other processes. No Worker
/// runs, so queued writes stay queued.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private RedisServer? redis;
    private PostgresServer? postgres;
    private WebApplicationFactory<ApiProgram>? factory;

    /// <summary>The folder the Api allows folder imports under.</summary>
    internal TemporaryDirectory ImportRoot { get; } = new();

    /// <summary>The Api's Redis, for a test to look behind the Api or to stop.</summary>
    public RedisServer Redis => redis ?? throw new InvalidOperationException("The servers have not started.");

    /// <summary>The Api's PostgreSQL, for a test to stop.</summary>
    public PostgresServer Postgres => postgres ?? throw new InvalidOperationException("The servers have not started.");

    public string PostgresConnectionString => Postgres.ConnectionString;

    /// <summary>The running Api.</summary>
    public WebApplicationFactory<ApiProgram> Factory => factory ?? throw new InvalidOperationException("The Api has not started.");

    /// <summary>A client of the Api.</summary>
    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>The Api with settings of its own besides these servers' (started on first use, disposed with this fixture).</summary>
    public WebApplicationFactory<ApiProgram> With(params (string Key, string Value)[] settings) =>
        Factory.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>
    /// The Api with an ingestion queue of its own (its keys under a new prefix), so that a test can fill it or read its
    /// dead letters without meeting another test's messages; with <paramref name="settings"/> too.
    /// </summary>
    public WebApplicationFactory<ApiProgram> WithQueueOfItsOwn(params (string Key, string Value)[] settings) =>
        With([("Ingestion:Queue:KeyPrefix", $"q{Guid.NewGuid():N}"), .. settings]);

    public async Task InitializeAsync()
    {
        var startRedis = RedisServer.StartAsync();
        var startPostgres = PostgresServer.StartAsync();
        redis = await startRedis;
        postgres = await startPostgres;
        factory = new WebApplicationFactory<ApiProgram>().WithWebHostBuilder(builder => builder
            .UseEnvironment("Development")
            .UseSetting("ConnectionStrings:cache", redis.ConnectionString)
            .UseSetting("ConnectionStrings:db", postgres.ConnectionString)
            .UseSetting("Ingestion:FolderImport:Root", ImportRoot.Path));

        // Started here, so that a test's deadline does not include the model's and the migrations' start-up.
        _ = factory.Server;
    }

    public async Task DisposeAsync()
    {
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        if (redis is not null)
        {
            await redis.DisposeAsync();
        }

        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }

        ImportRoot.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api in process";
}
