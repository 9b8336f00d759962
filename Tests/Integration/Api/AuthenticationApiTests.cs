extern alias Api;

using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RedisAspire.ServiceDefaults.Identity;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// Who may call: every endpoint but health and liveness wants a valid bearer token (401 otherwise, saying why), the
/// operations on every tenant want the admin role (403 otherwise, naming it), and the development issuer exists in
/// Development only.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class AuthenticationApiTests(ApiFixture api)
{
    [Fact]
    public async Task AnAnonymousCallerIsUnauthorizedOnEveryEndpointButHealthAndTheDevelopmentIssuer()
    {
        using var anonymous = api.CreateClient(token: null);
        var endpoints = Endpoints().Where(endpoint => endpoint.Path is not ("/health" or "/alive" or "/dev/token")
            && !endpoint.Path.StartsWith("/openapi", StringComparison.Ordinal) && !endpoint.Path.StartsWith("/scalar", StringComparison.Ordinal)).ToList();
        Assert.True(endpoints.Count >= 25, $"only {endpoints.Count} endpoints found");

        foreach (var (method, path, _) in endpoints)
        {
            var problem = await anonymous.ProblemAsync(new HttpMethod(method), Concrete(path), HttpStatusCode.Unauthorized, "{}");
            Assert.Equal("A bearer token is needed", problem.GetProperty("title").GetString());
        }

        foreach (var open in new[] { "/health", "/alive" })
        {
            using var response = await anonymous.GetAsync(open);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    public static TheoryData<string, string> RefusedTokens => new()
    {
        { "expired", "expired at" },
        { "foreign-key", "signature this Api cannot verify" },
        { "not-a-jwt", "not a well-formed JWT" },
    };

    [Theory]
    [MemberData(nameof(RefusedTokens))]
    public async Task ARefusedTokenIsUnauthorizedSayingWhyAndNamingNoPartOfIt(string kind, string reason)
    {
        var token = kind switch
        {
            "expired" => api.Token(["harbor-bistro"], admin: true, TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddHours(-1)),
            "foreign-key" => new DevelopmentIssuer(DevelopmentIssuer.NewKey()).Issue("intruder", ["harbor-bistro"], [CallerClaims.AdminRole], TimeSpan.FromHours(1), DateTimeOffset.UtcNow),
            _ => "not-a-jwt",
        };
        using var client = api.CreateClient(token);

        var (status, problem, response) = await client.SendAsync(HttpMethod.Get, "/status", null);
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        Assert.Equal("The bearer token was refused", problem.GetProperty("title").GetString());
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallerWithoutTheAdminRoleIsForbiddenOnEveryOperationOnAllTenants()
    {
        using var tenant = api.CreateTenantClient("harbor-bistro");
        var admin = Endpoints().Where(endpoint => endpoint.Policies.Contains("admin")).ToList();
        Assert.Equal(
            ["GET", "POST", "PUT"],
            admin.Select(endpoint => endpoint.Method).Distinct().Order(StringComparer.Ordinal));
        Assert.True(admin.Count >= 14, string.Join(", ", admin.Select(endpoint => $"{endpoint.Method} {endpoint.Path}")));

        foreach (var (method, path, _) in admin)
        {
            var problem = await tenant.ProblemAsync(new HttpMethod(method), Concrete(path), HttpStatusCode.Forbidden, "{}");
            Assert.Equal("The caller lacks a role this operation needs", problem.GetProperty("title").GetString());
            Assert.Contains(CallerClaims.AdminRole, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void EveryOperationOnAllTenantsNeedsTheAdminRole()
    {
        var admin = Endpoints().Where(endpoint => endpoint.Policies.Contains("admin")).Select(endpoint => $"{endpoint.Method} {endpoint.Path}").ToHashSet();

        foreach (var operation in new[]
        {
            "GET /cache/stats", "GET /cache/eviction", "PUT /cache/eviction", "POST /cache/stampede-lab",
            "GET /indexes/{name}", "POST /indexes/{name}/rebuild", "GET /hotset", "POST /hotset/refresh",
            "POST /ingest/folder", "GET /ingestion", "GET /ingestion/dead-letters", "POST /ingestion/dead-letters/redrive",
            "POST /ingestion/dead-letters/{id}/redrive", "POST /reembed", "GET /reembed",
        })
        {
            Assert.Contains(operation, admin);
        }
    }

    [Fact]
    public async Task TheApiDocumentSaysWhichOperationsNeedATokenAndWhichTheAdminRole()
    {
        using var anonymous = api.CreateClient(token: null);

        var document = await anonymous.ExpectAsync(HttpMethod.Get, "/openapi/v1.json", HttpStatusCode.OK);

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Method: operation.Name.ToUpperInvariant(), Path: path.Name, operation.Value)))
            .ToList();
        Assert.True(operations.Count >= 25, $"only {operations.Count} operations described");
        var mapped = Endpoints().ToDictionary(endpoint => (endpoint.Method, endpoint.Path), endpoint => endpoint.Policies);
        foreach (var (method, path, operation) in operations)
        {
            if (path == "/dev/token")
            {
                Assert.False(operation.TryGetProperty("security", out _), $"{method} {path} answers anyone, yet is described as needing a token");
                continue;
            }

            var roles = Assert.Single(operation.GetProperty("security").EnumerateArray()).GetProperty("Bearer").EnumerateArray().Select(role => role.GetString()).ToList();
            Assert.True(
                roles.SequenceEqual(mapped[(method, path)].Contains("admin") ? [CallerClaims.AdminRole] : []),
                $"{method} {path} is described as needing the roles [{string.Join(", ", roles)}]");
        }
    }

    [Fact]
    public async Task TheDevelopmentIssuerChecksWhatItIsAskedFor()
    {
        using var anonymous = api.CreateClient(token: null);

        await anonymous.BadRequestNamingAsync(HttpMethod.Post, "/dev/token", "{\"tenants\":[]}", "tenants");
        await anonymous.BadRequestNamingAsync(HttpMethod.Post, "/dev/token", "{\"tenants\":[\"a b\"]}", "tenants[0]");
        await anonymous.BadRequestNamingAsync(HttpMethod.Post, "/dev/token", "{\"tenants\":[\"t\"],\"hours\":25}", "hours");
        var issued = await anonymous.ExpectAsync(HttpMethod.Post, "/dev/token", HttpStatusCode.OK, new { tenants = new[] { "harbor-bistro" } });

        using var caller = api.CreateClient(issued.GetProperty("token").GetString());
        await caller.ExpectAsync(HttpMethod.Get, "/status", HttpStatusCode.OK);
        await caller.ProblemAsync(HttpMethod.Get, "/hotset", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OutsideDevelopmentTheDevelopmentIssuerRefusesToStartAndIsNotThere()
    {
        await using var leaked = api.With(("environment", "Production"));
        var refusal = Assert.Throws<OptionsValidationException>(() => leaked.Server);
        Assert.Contains("refused outside Development", refusal.Message, StringComparison.Ordinal);

        await using var unconfigured = api.With(("environment", "Production"), (DevelopmentIssuer.SigningKeySetting, string.Empty));
        var missing = Assert.Throws<OptionsValidationException>(() => unconfigured.Server);
        Assert.Contains("Identity:Authority and Identity:Audience", missing.Message, StringComparison.Ordinal);

        await using var production = api.InProduction();
        using var client = production.CreateClient();
        await client.ExpectAsync(HttpMethod.Get, "/status", HttpStatusCode.OK);
        Assert.DoesNotContain(Endpoints(production), endpoint => endpoint.Path == "/dev/token");
        using var anonymous = production.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = null;
        using var document = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.Unauthorized, document.StatusCode);
    }

    private List<(string Method, string Path, string[] Policies)> Endpoints() => Endpoints(api.Factory);

    private static List<(string Method, string Path, string[] Policies)> Endpoints(WebApplicationFactory<ApiProgram> factory) =>
        [.. factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (
                Method: method,
                Path: "/" + endpoint.RoutePattern.RawText!.Trim('/'),
                Policies: endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy ?? string.Empty).ToArray())))];

    // Route values that pass each route's checks, so that only identity can answer.
    private static string Concrete(string path) => path
        .Replace("{key}", "tenant:harbor-bistro:k", StringComparison.Ordinal)
        .Replace("{tag}", "tenant:harbor-bistro:t", StringComparison.Ordinal)
        .Replace("{name}", "embeddings", StringComparison.Ordinal)
        .Replace("{id}", "1-0", StringComparison.Ordinal);
}
