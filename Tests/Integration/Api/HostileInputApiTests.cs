extern alias Api;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion.Queue;
using StackExchange.Redis;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// What a hostile caller sends, through every endpoint that takes it: query syntax of both Redis engines and of SQL,
/// control characters, invalid UTF-8, bodies too large or too deep, numbers that are not numbers, glob characters and
/// braces, ids that differ only once normalised. Each is a clear 4xx that names what was wrong and changes nothing, or,
/// where the text is a legitimate value, is taken literally: it never widens what a caller sees beyond its tenant.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class HostileInputApiTests(ApiFixture api)
{
    /// <summary>Texts that mean something to RediSearch, to a Vector Sets FILTER, to SQL or to a Redis glob.</summary>
    public static readonly string[] QuerySyntax =
    [
        "* | @tenant:{st-aidan-clinic}",
        "x} | @tenant:{st-aidan-clinic",
        "-@tenant:{harbor-bistro}",
        "\\\" || .tenant == \"st-aidan-clinic",
        "\") or (1",
        "'; DROP TABLE documents; --",
        "' OR '1'='1",
        "tenant:*",
        "[a-z]?",
    ];

    /// <summary>Control characters that no field of a request accepts (JSON escapes, so the body itself is valid JSON).</summary>
    public static readonly string[] ControlCharacters = ["\\u0000", "\\u0001", "\\u001b[31m", "\\u007f"];

    [Fact]
    public async Task ControlCharactersAndLoneSurrogatesInAnyStringAreA400NamingTheFieldAndQueueNothing()
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = Caller(variant, "harbor-bistro");
        foreach (var control in ControlCharacters.Append("\\ud800"))
        {
            var bad = $"Soup{control}of the day";
            await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", $$"""{"body":"{{bad}}"}""", "body");
            await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", $$"""{"body":"Soup","title":"{{bad}}"}""", "title");
            await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", $$"""{"body":"Soup","language":"{{bad}}"}""", "language");
            await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", $$$"""{"body":"Soup","metadata":{"note":"{{{bad}}}"}}""", "metadata.note");
            await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", $$$"""{"body":"Soup","metadata":{"{{{bad}}}":"x"}}""", "metadata");
            await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", $$$"""{"body":"Soup","metadata":{"notes":["{{{bad}}}"]}}""", "metadata.notes[0]");
            await caller.BadRequestNamingAsync(HttpMethod.Post, "/ingest/documents",
                $$"""{"documents":[{"id":"a","body":"Soup"},{"id":"b","body":"{{bad}}"}]}""", "documents[1].body");
            await caller.BadRequestNamingAsync(HttpMethod.Post, "/ingest/documents", $$"""{"deletes":[{"id":"a{{control}}"}]}""", "deletes[0].id");
            await caller.BadRequestNamingAsync(HttpMethod.Post, "/search", $$"""{"text":"{{bad}}"}""", "text");
            await caller.BadRequestNamingAsync(HttpMethod.Post, "/search", $$$"""{"text":"Soup","filters":{"language":"{{{bad}}}"}}""", "filters.language");
            await caller.BadRequestNamingAsync(HttpMethod.Post, "/cache/embeddings", $$"""{"text":"{{bad}}"}""", "text");
        }

        await AssertQueuedNothingAsync(variant);
    }

    [Fact]
    public async Task ControlCharactersInPathsAndQueriesAreA400()
    {
        using var caller = Caller(api.Factory, "harbor-bistro");

        // A NUL in a path never reaches the Api: the server refuses the request line (and the test host throws).
        foreach (var control in new[] { "%01", "%1B", "%7F" })
        {
            await caller.BadRequestNamingAsync(HttpMethod.Get, $"/documents/soup{control}", null, "id");
            await caller.BadRequestNamingAsync(HttpMethod.Delete, $"/documents/soup{control}", null, "id");
            await caller.BadRequestNamingAsync(HttpMethod.Get, $"/cache/entries/tenant%3Aharbor-bistro%3Aa{control}", null, "key");
            await caller.BadRequestNamingAsync(HttpMethod.Delete, $"/cache/tags/tenant%3Aharbor-bistro%3Aa{control}", null, "tag");
            await caller.BadRequestNamingAsync(HttpMethod.Get, $"/operations/op{control}", null, "id");
        }
    }

    [Fact]
    public async Task InvalidUtf8AndJsonNestedAThousandDeepAreA400()
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = Caller(variant, "harbor-bistro");
        byte[] invalidUtf8 = [.. "{\"body\":\"Soup "u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];
        var nested = new string('[', 1000) + new string(']', 1000);
        foreach (var (path, method, deep) in new[]
        {
            ("/documents/soup", HttpMethod.Put, $$$"""{"body":"Soup","metadata":{"a":{{{nested}}}}}"""),
            ("/ingest/documents", HttpMethod.Post, $$$"""{"documents":[{"id":"a","body":"Soup","metadata":{"a":{{{nested}}}}}]}"""),
            ("/search", HttpMethod.Post, $$$"""{"text":"Soup","filters":{"a":{{{nested}}}}}"""),
        })
        {
            var (status, problem) = await SendBytesAsync(caller, method, path, invalidUtf8);
            Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {status} {problem}");
            Assert.Equal("The request could not be read", problem.GetProperty("title").GetString());

            (status, problem) = await SendBytesAsync(caller, method, path, Encoding.UTF8.GetBytes(deep));
            Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {status} {problem}");
            Assert.True(problem.ToString().Contains("depth", StringComparison.OrdinalIgnoreCase), problem.ToString());
        }

        await AssertQueuedNothingAsync(variant);
    }

    [Fact]
    public async Task ABodyOverTheLimitIsA413SayingTheLimitWhetherItsLengthIsDeclaredOrNot()
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = Caller(variant, "harbor-bistro", admin: true);
        var tenMegabytes = Encoding.UTF8.GetBytes($"{{\"tenant\":\"harbor-bistro\",\"body\":\"{new string('a', 10 * 1024 * 1024)}\"}}");
        foreach (var (path, method) in Bodies)
        {
            foreach (var chunked in new[] { false, true })
            {
                var (status, problem) = await SendBytesAsync(caller, method, path, tenMegabytes, chunked);
                Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{method} {path} (chunked: {chunked}): {status} {problem}");
                Assert.Equal("The request body is too large", problem.GetProperty("title").GetString());
                Assert.Matches("at most [0-9,]+ bytes", problem.GetProperty("detail").GetString());
            }
        }

        // A document up to the engine's own limit fits: the limits are for bodies no valid request needs.
        var largest = Encoding.UTF8.GetBytes($"{{\"tenant\":\"harbor-bistro\",\"body\":\"{new string('é', 1_000_000)}\"}}");
        var (accepted, body) = await SendBytesAsync(caller, HttpMethod.Put, "/documents/large", largest, chunked: true);
        Assert.True(accepted == HttpStatusCode.Accepted, $"{accepted}: {body}");
        Assert.Equal(1, (await variant.Services.GetRequiredService<IngestionQueue>().DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task TooManyDocumentsInOneOperationIsA400()
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = Caller(variant, "harbor-bistro");
        var documents = Enumerable.Range(0, 1001).Select(index => new { id = $"d{index}", body = "Soup" });

        var messages = await caller.BadRequestNamingAsync(HttpMethod.Post, "/ingest/documents", JsonSerializer.Serialize(new { documents }), "documents");

        Assert.Contains("1001", messages.Single(), StringComparison.Ordinal);
        await AssertQueuedNothingAsync(variant);
    }

    [Fact]
    public async Task NumbersThatAreNotFiniteAndVectorsOfTheWrongLengthAreA400()
    {
        using var caller = Caller(api.Factory, "harbor-bistro");
        var dimension = api.Dimension();
        var vector = string.Join(',', Enumerable.Repeat("0.1", dimension - 1));
        foreach (var number in new[] { "1e39", "-1e39", "\"NaN\"", "\"Infinity\"", "NaN" })
        {
            var (status, problem, response) = await caller.SendAsync(HttpMethod.Post, "/search", $$"""{"vector":[{{number}},{{vector}}]}""");
            response.Dispose();
            Assert.True(status == HttpStatusCode.BadRequest, $"{number}: {status} {problem}");
            Assert.True(problem.GetProperty("errors").TryGetProperty("vector", out _) || problem.GetProperty("errors").TryGetProperty("vector[0]", out _), problem.ToString());
        }

        await caller.BadRequestNamingAsync(HttpMethod.Post, "/search", $$"""{"vector":[{{vector}}]}""", "vector");
        await caller.BadRequestNamingAsync(HttpMethod.Post, "/search", $$"""{"text":"Soup","radius":1e309}""", "radius");
        await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/soup", """{"body":"Soup","metadata":{"price":1e309}}""", "metadata.price");
    }

    [Fact]
    public async Task QuerySyntaxInFiltersFindsNothingOfAnotherTenant()
    {
        var (mine, theirs) = ($"hostile-{Guid.NewGuid():N}", $"hostile-{Guid.NewGuid():N}");
        await api.WriteAsync([LiveTiers.Chunk($"doc-{mine}", mine, api.AtDistance(0.2)), LiveTiers.Chunk($"doc-{theirs}", theirs, api.AtDistance(0.01), language: "fr")]);
        using var caller = Caller(api.Factory, mine);
        var vector = api.AtDistance(0);
        foreach (var syntax in QuerySyntax.Select(text => text.Replace("st-aidan-clinic", theirs, StringComparison.Ordinal)))
        {
            foreach (var tier in new[] { "hot", "cold", "auto" })
            {
                // A tenant is a name, never syntax: refused before any engine sees it.
                await caller.BadRequestNamingAsync(HttpMethod.Post, "/search", JsonSerializer.Serialize(new { vector, tier, filters = new { tenant = syntax } }), "filters.tenant");

                // A language may be any text: taken literally, it matches nothing of the caller's, nor of anyone else's.
                var (status, found, response) = await caller.SendAsync(HttpMethod.Post, "/search", JsonSerializer.Serialize(new { vector, k = 10, tier, filters = new { language = syntax } }));
                response.Dispose();
                Assert.True(status == HttpStatusCode.OK, $"{syntax} ({tier}): {status} {found}");
                Assert.Empty(found.GetProperty("hits").EnumerateArray());

                (status, found, response) = await caller.SendAsync(HttpMethod.Post, "/search", JsonSerializer.Serialize(new { text = syntax, k = 10, tier }));
                response.Dispose();
                Assert.True(status == HttpStatusCode.OK, $"{syntax} ({tier}): {status} {found}");
                Assert.All(found.GetProperty("hits").EnumerateArray(), hit => Assert.Equal($"doc-{mine}#0", hit.GetProperty("id").GetString()));
            }
        }
    }

    [Fact]
    public async Task QuerySyntaxInTenantsAndIdsIsRefusedOrLiteralAndReachesNoOtherTenant()
    {
        var theirs = $"hostile-{Guid.NewGuid():N}";
        await api.WriteAsync([LiveTiers.Chunk($"doc-{theirs}", theirs, api.AtDistance(0.1))]);
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = Caller(variant, "harbor-bistro");
        foreach (var syntax in QuerySyntax)
        {
            var escaped = Uri.EscapeDataString(syntax);
            var tenant = JsonSerializer.Serialize(new { tenant = syntax, body = "Soup" });
            var status = (await caller.SendAsync(HttpMethod.Put, "/documents/soup", tenant)).Status;
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{syntax}: {status}");
            status = (await caller.SendAsync(HttpMethod.Post, "/ingest/documents", JsonSerializer.Serialize(new { deletes = new[] { new { id = "a", tenant = syntax } } }))).Status;
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden, $"{syntax}: {status}");

            // An id is looked up as it is written: never a pattern that matches another tenant's document.
            status = (await caller.SendAsync(HttpMethod.Get, $"/documents/{escaped}")).Status;
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{syntax}: {status}");
            status = (await caller.SendAsync(HttpMethod.Get, $"/operations/{escaped}")).Status;
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{syntax}: {status}");
        }

        await caller.ProblemAsync(HttpMethod.Get, $"/documents/doc-{theirs}*", HttpStatusCode.NotFound);
        await AssertQueuedNothingAsync(variant);
    }

    [Fact]
    public async Task GlobCharactersAndBracesInCacheKeysAndTagsAreA400AndInvalidateNothing()
    {
        using var caller = Caller(api.Factory, "harbor-bistro");
        var cache = api.Factory.Services.GetRequiredService<IResultCache>();
        // Entries each hostile name would reach if it were read as a pattern: a glob, a character class, a hash tag.
        string[] bystanders = ["tenant:harbor-bistro:ab", "tenant:harbor-bistro:a1", "tenant:harbor-bistro:b"];
        foreach (var bystander in bystanders)
        {
            await cache.GetOrCreateAsync(bystander, _ => ValueTask.FromResult(bystander), CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { Tags = ["tenant:harbor-bistro:a"] });
        }

        foreach (var name in new[] { "tenant:harbor-bistro:*", "tenant:harbor-bistro:a?", "tenant:harbor-bistro:[ab]", "tenant:harbor-bistro:{st-aidan-clinic}", "tenant:harbor-bistro:a}" })
        {
            var escaped = Uri.EscapeDataString(name);
            await caller.BadRequestNamingAsync(HttpMethod.Get, $"/cache/entries/{escaped}", null, "key");
            await caller.BadRequestNamingAsync(HttpMethod.Delete, $"/cache/entries/{escaped}", null, "key");
            await caller.BadRequestNamingAsync(HttpMethod.Delete, $"/cache/tags/{escaped}", null, "tag");
        }

        foreach (var bystander in bystanders)
        {
            Assert.True(await cache.GetEntryInfoAsync(bystander) is not null, $"{bystander} was invalidated");
        }
    }

    [Fact]
    public async Task IdsThatDifferOnlyOnceNormalisedAreRefusedRatherThanMerged()
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var caller = Caller(variant, "harbor-bistro");

        // "é" composed and decomposed: the same id to a reader, two different strings to Redis and PostgreSQL. Only the
        // composed one is an id, so the two can never name two documents.
        var messages = await caller.BadRequestNamingAsync(HttpMethod.Post, "/ingest/documents", JsonSerializer.Serialize(new
        {
            documents = new[] { new { id = "caf\u00e9", body = "Soup" }, new { id = "cafe\u0301", body = "Stew" } },
        }), "documents[1].id");
        Assert.Contains("normal form C", messages.Single(), StringComparison.Ordinal);
        await caller.BadRequestNamingAsync(HttpMethod.Put, "/documents/cafe%CC%81", """{"body":"Soup"}""", "id");
        await AssertQueuedNothingAsync(variant);
    }

    /// <summary>Every endpoint that reads a body, and the method it takes.</summary>
    private static readonly (string Path, HttpMethod Method)[] Bodies =
    [
        ("/documents/soup", HttpMethod.Put),
        ("/ingest/documents", HttpMethod.Post),
        ("/search", HttpMethod.Post),
        ("/cache/embeddings", HttpMethod.Post),
        ("/cache/eviction", HttpMethod.Put),
        ("/cache/stampede-lab", HttpMethod.Post),
        ("/ingest/folder", HttpMethod.Post),
        ("/indexes/live/rebuild", HttpMethod.Post),
        ("/reembed", HttpMethod.Post),
    ];

    private HttpClient Caller(WebApplicationFactory<ApiProgram> factory, string tenant, bool admin = false)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Token([tenant], admin));
        return client;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Problem)> SendBytesAsync(
        HttpClient client, HttpMethod method, string path, byte[] body, bool chunked = false)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task AssertQueuedNothingAsync(WebApplicationFactory<ApiProgram> variant) =>
        Assert.Equal(0, (await variant.Services.GetRequiredService<IngestionQueue>().DepthAsync(CancellationToken.None)).Length);
}
