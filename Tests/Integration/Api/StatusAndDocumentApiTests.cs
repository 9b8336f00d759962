using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RedisAspire.Tests.Integration.Api;

[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class StatusAndDocumentApiTests(ApiFixture api)
{
    [Fact]
    public async Task StatusNamesTheServersAndTheirVectorCapabilities()
    {
        using var client = api.CreateClient();

        var status = await client.ExpectAsync(HttpMethod.Get, "/status", HttpStatusCode.OK);

        Assert.True(Version.Parse(status.GetProperty("redis").GetProperty("version").GetString()!) >= new Version(8, 0), status.ToString());
        Assert.True(status.GetProperty("redis").GetProperty("vectorSets").GetBoolean());
        Assert.NotNull(status.GetProperty("postgres").GetProperty("pgvector").GetString());
        // The self-check: one Redis connection holding the hot tier, reached by key, without TLS; no secret in the answer.
        var cache = Assert.Single(status.GetProperty("redisConnections").EnumerateArray());
        Assert.Equal("cache", cache.GetProperty("name").GetString());
        Assert.Equal("Key", cache.GetProperty("authentication").GetString());
        Assert.False(cache.GetProperty("tls").GetBoolean());
        Assert.True(cache.GetProperty("holdsHotTier").GetBoolean());
        Assert.False(cache.GetProperty("clusterEnabled").GetBoolean());
        Assert.False(string.IsNullOrEmpty(cache.GetProperty("evictionPolicy").GetString()));
        Assert.Equal("Key", status.GetProperty("postgresConnection").GetProperty("authentication").GetString());
        Assert.DoesNotContain("password", status.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryEndpointWithItsProblems()
    {
        using var client = api.CreateClient();

        var document = await client.ExpectAsync(HttpMethod.Get, "/openapi/v1.json", HttpStatusCode.OK);

        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Path: path.Name, Method: operation.Name.ToUpperInvariant(), operation.Value)))
            .ToList();
        var mapped = api.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => (Path: "/" + endpoint.RoutePattern.RawText!.Trim('/'), Method: method)))
            .Where(endpoint => endpoint.Path is not ("/health" or "/alive") && !endpoint.Path.StartsWith("/openapi", StringComparison.Ordinal)
                && !endpoint.Path.StartsWith("/scalar", StringComparison.Ordinal))
            .ToHashSet();
        Assert.Equal(mapped.Order(), described.Select(operation => (operation.Path, operation.Method)).ToHashSet().Order());
        foreach (var (path, method, operation) in described)
        {
            var responses = operation.GetProperty("responses");
            Assert.True(operation.TryGetProperty("summary", out _), $"{method} {path} has no summary");
            if (path != "/dev/token")
            {
                // The development issuer answers anyone and touches no server; every other endpoint may answer both.
                Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not describe a 401");
                Assert.True(responses.TryGetProperty("503", out var unavailable), $"{method} {path} does not describe a 503");
                Assert.True(unavailable.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path}: 503 is not a ProblemDetails");
            }

            foreach (var error in responses.EnumerateObject().Where(response => int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture) >= 400))
            {
                Assert.True(
                    error.Value.GetProperty("content").EnumerateObject().Select(content => content.Name).SequenceEqual(["application/problem+json"]),
                    $"{method} {path}: {error.Name} is not only a ProblemDetails");
            }
        }
    }

    [Fact]
    public async Task TheApiReferenceIsServedInDevelopment()
    {
        using var client = api.CreateClient();

        using var response = await client.GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AMalformedBodyIsABadRequestNamingTheRequest()
    {
        using var client = api.CreateClient();

        var messages = await client.BadRequestNamingAsync(HttpMethod.Post, "/cache/embeddings", "{not json", "request");

        Assert.NotEmpty(messages);
    }

    [Fact]
    public async Task AValueOfTheWrongTypeIsABadRequestNamingItsField()
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/search", "{\"text\":\"insulin\",\"k\":\"five\"}", "k");
    }

    [Fact]
    public async Task AnUnknownFieldIsABadRequestNamingIt()
    {
        using var client = api.CreateClient();

        var (status, problem, response) = await client.SendAsync(HttpMethod.Post, "/search", "{\"text\":\"insulin\",\"top\":3}");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("top", problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
    }
}
