extern alias Api;

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using RedisAspire.ServiceDefaults.Identity;
using RedisAspire.Tests.Infrastructure;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// The Api in process (<see cref="WebApplicationFactory{TEntryPoint}"/>) over a real Redis and a real PostgreSQL of its
/// own, with the configured local embedding model: every endpoint's contract, without the other processes. No Worker
/// runs, so queued writes stay queued. Its clients call as an admin unless a test asks for another caller.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly string signingKey = DevelopmentIssuer.NewKey();
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

    /// <summary>A client of the Api, calling as an admin.</summary>
    public HttpClient CreateClient() => Factory.CreateClient();

    /// <summary>A client of the Api calling with <paramref name="token"/>, or with none when it is null.</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A client of the Api calling as a caller of <paramref name="tenants"/>, without the admin role.</summary>
    public HttpClient CreateTenantClient(params string[] tenants) => CreateClient(Token(tenants, admin: false));

    /// <summary>A development token for the given tenants and role, as the Api's issuer signs them.</summary>
    public string Token(IEnumerable<string> tenants, bool admin, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        new DevelopmentIssuer(signingKey).Issue(
            admin ? "test-admin" : "test-caller", tenants, admin ? [CallerClaims.AdminRole] : [], lifetime ?? TimeSpan.FromHours(6), issuedAt ?? DateTimeOffset.UtcNow);

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
    /// The Api as it runs outside Development: tokens from an OpenID Connect authority (whose metadata, here, is given
    /// rather than fetched: the fixture's key signs them), no development issuer.
    /// </summary>
    public WebApplicationFactory<ApiProgram> InProduction() =>
        With(
            ("environment", "Production"),
            (DevelopmentIssuer.SigningKeySetting, string.Empty),
            ("Identity:Authority", "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0"),
            ("Identity:Audience", DevelopmentIssuer.Audience))
        .WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, jwt =>
            {
                var metadata = new OpenIdConnectConfiguration { Issuer = DevelopmentIssuer.Issuer };
                metadata.SigningKeys.Add(new DevelopmentIssuer(signingKey).SigningKey);
                jwt.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
            })));

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
        factory = new AdminClientFactory(Token([], admin: true)).WithWebHostBuilder(builder => builder
            .UseEnvironment("Development")
            .UseSetting(DevelopmentIssuer.SigningKeySetting, signingKey)
            // Every test calls as the same admin: the rate limit is a test of its own (RateLimitApiTests).
            .UseSetting("RateLimits:Burst", "100000")
            .UseSetting("RateLimits:PerSecond", "100000")
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

/// <summary>The Api's factory, whose clients (its variants' too) call with an admin's token.</summary>
internal sealed class AdminClientFactory(string adminToken) : WebApplicationFactory<ApiProgram>
{
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "Api in process";
}
