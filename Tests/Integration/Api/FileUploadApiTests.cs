extern alias Api;

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using RedisAspire.Tests.Integration.Ingestion.Queue;
using StackExchange.Redis;
using ApiProgram = Api::Program;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// <c>POST /ingest/files</c>: uploads of every format read as the folder import reads them, queued for the caller's tenant
/// and, through a consumer running the real pipeline on a queue of the test's own, readable by that tenant alone; every
/// refusal a 400 naming the file (and line) with nothing queued.
/// </summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class FileUploadApiTests(ApiFixture api)
{
    [Theory]
    [InlineData("md", "# Ferry timetable\n\nThe harbour ferry leaves the north quay every twenty minutes.\n", "Ferry timetable")]
    [InlineData("txt", "Parking\n\nVisitors park behind the fish market, free after six.", "Parking")]
    [InlineData("html", "<html><head><title>Oyster bar</title></head><body><p>Half a dozen oysters with lemon.</p><script>x()</script></body></html>", "Oyster bar")]
    [InlineData("htm", "<h1>Tide table</h1><p>High water at 06:12 and 18:40.</p>", "Tide table")]
    public async Task AnUploadedFileBecomesADocumentOfTheCallersTenantThatNoOtherTenantCanRead(string extension, string content, string title)
    {
        await using var variant = api.WithQueueOfItsOwn();
        var tenant = $"quay{Guid.NewGuid():N}"[..20];
        var name = $"Upload {Guid.NewGuid():N}.{extension}";
        var id = SourceFileReader.DocumentId(name);

        var (operation, messages) = await UploadAsync(variant, tenant, (name, Encoding.UTF8.GetBytes(content)));
        Assert.Equal(1, messages);
        await CompleteAsync(variant, tenant, operation, documents: 1);

        using var owner = TenantClient(variant, tenant);
        var document = await owner.ExpectAsync(HttpMethod.Get, $"/documents/{Uri.EscapeDataString(id)}", HttpStatusCode.OK);
        Assert.Equal(id, document.GetProperty("id").GetString());
        Assert.Equal(tenant, document.GetProperty("tags").GetProperty("tenant").GetString());
        Assert.Contains(title, document.ToString(), StringComparison.Ordinal);
        using var other = TenantClient(variant, $"other{Guid.NewGuid():N}"[..20]);
        await other.ProblemAsync(HttpMethod.Get, $"/documents/{Uri.EscapeDataString(id)}", HttpStatusCode.NotFound);
        await other.ProblemAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AJsonlFileIsADocumentALineWithItsOwnIdsAlongsideOtherFiles()
    {
        await using var variant = api.WithQueueOfItsOwn();
        var tenant = $"bistro{Guid.NewGuid():N}"[..20];
        var (oysters, soup) = ($"oysters-{Guid.NewGuid():N}", $"soup-{Guid.NewGuid():N}");
        var jsonl = $"{{\"id\":\"{oysters}\",\"title\":\"Oysters\",\"body\":\"Half a dozen oysters.\",\"updated_at\":\"2025-03-14\"}}\n\n"
            + $"{{\"id\":\"{soup}\",\"language\":\"de\",\"body\":\"Fischsuppe mit Safran.\",\"updated_at\":\"2025-03-14T09:30:00Z\",\"metadata\":{{\"course\":\"starter\"}}}}\n";
        var note = $"note-{Guid.NewGuid():N}.txt";

        var (operation, messages) = await UploadAsync(variant, tenant, ("menu.jsonl", Encoding.UTF8.GetBytes(jsonl)), (note, Encoding.UTF8.GetBytes("Closed on Mondays.")));
        Assert.Equal(3, messages);
        await CompleteAsync(variant, tenant, operation, documents: 3);

        using var owner = TenantClient(variant, tenant);
        foreach (var id in new[] { oysters, soup, SourceFileReader.DocumentId(note) })
        {
            var document = await owner.ExpectAsync(HttpMethod.Get, $"/documents/{id}", HttpStatusCode.OK);
            Assert.Equal(tenant, document.GetProperty("tags").GetProperty("tenant").GetString());
        }
    }

    public static TheoryData<string, byte[], string> Refusals => new()
    {
        { "logo.png", [1, 2, 3], "logo.png" },
        { "empty.md", [], "empty.md" },
        { "blank.txt", "  \n\n "u8.ToArray(), "blank.txt" },
        { "latin1.md", [.. "Caf"u8, 0xE9, .. " au lait"u8], "latin1.md" },
        { "broken.jsonl", [.. "{\"id\":\"a\",\"body\":\"A\",\"updated_at\":\"2025-03-14\"}\n"u8, 0xC3, 0x28, .. "\n"u8], "broken.jsonl:2" },
        { "menu.jsonl", "{\"id\":\"a\",\"body\":\"A\",\"updated_at\":\"2025-03-14\"}\n{not json\n"u8.ToArray(), "menu.jsonl:2" },
        { "dated.jsonl", "\n{\"id\":\"b\",\"body\":\"B\",\"updated_at\":\"yesterday\"}"u8.ToArray(), "dated.jsonl:2" },
        { "surrogate.jsonl", "{\"id\":\"c\",\"title\":\"\\ud800\",\"body\":\"C\",\"updated_at\":\"2025-03-14\"}"u8.ToArray(), "surrogate.jsonl:1" },
        { "control.jsonl", "{\"id\":\"d\",\"language\":\"e\\u0000n\",\"body\":\"D\",\"updated_at\":\"2025-03-14\"}"u8.ToArray(), "control.jsonl:1" },
        { "meta.jsonl", "{\"id\":\"e\",\"body\":\"E\",\"updated_at\":\"2025-03-14\",\"metadata\":{\"note\":\"a\\u0001b\"}}"u8.ToArray(), "meta.jsonl:1" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task ARefusedFileIsABadRequestNamingItAndNothingIsQueued(string name, byte[] content, string field)
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var client = variant.CreateClient();
        var good = $"good-{Guid.NewGuid():N}.md";

        var (status, problem) = await PostAsync(client, "harbour", (good, "The ferry leaves every twenty minutes."u8.ToArray()), (name, content));

        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {problem}");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.All(messages.EnumerateArray(), message => Assert.False(string.IsNullOrWhiteSpace(message.GetString())));
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal(0, (await client.ExpectAsync(HttpMethod.Get, "/ingestion", HttpStatusCode.OK)).GetProperty("queue").GetProperty("length").GetInt64());
    }

    [Fact]
    public async Task TwoFilesGivingOneDocumentIdAreRefusedNamingTheSecond()
    {
        using var client = api.CreateClient();

        var (status, problem) = await PostAsync(client, "harbour", ("Menu.md", "Soup"u8.ToArray()), ("menu.md", "Fish"u8.ToArray()));

        Assert.True(status == HttpStatusCode.BadRequest, $"{status}: {problem}");
        Assert.Contains("already taken by Menu.md", problem.GetProperty("errors").GetProperty("menu.md")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUploadWithoutFilesOrWithTooManyIsABadRequestNamingFiles()
    {
        using var client = api.CreateClient();

        var (none, noneProblem) = await PostAsync(client, "harbour");
        var many = Enumerable.Range(0, Api::RedisAspire.Api.Apis.Ingestion.FileUploadApi.MaxFiles + 1).Select(index => ($"page-{index}.txt", "A page."u8.ToArray())).ToArray();
        var (tooMany, tooManyProblem) = await PostAsync(client, "harbour", many);

        Assert.True(none == HttpStatusCode.BadRequest && noneProblem.GetProperty("errors").TryGetProperty("files", out _), noneProblem.ToString());
        Assert.True(tooMany == HttpStatusCode.BadRequest && tooManyProblem.GetProperty("errors").TryGetProperty("files", out _), tooManyProblem.ToString());
    }

    [Fact]
    public async Task ATenantCallerNamingAnotherTenantInTheFormOrInALineIsForbidden()
    {
        using var client = api.CreateTenantClient("harbour");
        var line = "{\"id\":\"x\",\"tenant\":\"clinic\",\"body\":\"X\",\"updated_at\":\"2025-03-14\"}"u8.ToArray();

        var (inForm, _) = await PostAsync(client, "clinic", ("a.md", "A"u8.ToArray()));
        var (inLine, problem) = await PostAsync(client, null, ("a.jsonl", line));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (inForm, inLine));
        Assert.Contains("a.jsonl:1.tenant", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdminMustNameTheTenant()
    {
        using var client = api.CreateClient();

        var (status, problem) = await PostAsync(client, null, ("a.md", "A"u8.ToArray()));

        Assert.True(status == HttpStatusCode.BadRequest && problem.GetProperty("errors").TryGetProperty("tenant", out _), problem.ToString());
    }

    [Fact]
    public async Task AnUploadOverTheDocumentBodyLimitIsRefusedBeforeItIsRead()
    {
        await using var variant = api.With(("RequestBodies:MaxDocumentBytes", "2000000"), ("RequestBodies:MaxBytes", "1024"));
        using var client = variant.CreateClient();

        var (status, problem) = await PostAsync(client, "harbour", ("big.txt", Enumerable.Repeat((byte)'a', 2_000_001).ToArray()));

        Assert.True(status == HttpStatusCode.RequestEntityTooLarge, $"{status}: {problem}");
    }

    [Fact]
    public async Task AnUploadNeedsNoAntiforgeryTokenOnlyTheBearerToken()
    {
        await using var variant = api.WithQueueOfItsOwn();
        using var client = variant.CreateClient();
        var endpoint = variant.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(candidate => candidate.RoutePattern.RawText == "/ingest/files");

        // Form binding would otherwise demand a token, and without antiforgery middleware answer every upload with a 500.
        var (status, body) = await PostAsync(client, "harbour", ($"ferry-{Guid.NewGuid():N}.md", "The ferry leaves every twenty minutes."u8.ToArray()));

        Assert.True(status == HttpStatusCode.Accepted, $"{status}: {body}");
        Assert.False(endpoint.Metadata.GetMetadata<IAntiforgeryMetadata>()?.RequiresValidation ?? false);
    }

    /// <summary>A client of <paramref name="variant"/> calling as a caller of <paramref name="tenant"/> alone.</summary>
    private HttpClient TenantClient(WebApplicationFactory<ApiProgram> variant, string tenant)
    {
        var client = variant.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.Token([tenant], admin: false));
        return client;
    }

    private async Task<(string Operation, int Messages)> UploadAsync(WebApplicationFactory<ApiProgram> variant, string tenant, params (string Name, byte[] Content)[] files)
    {
        using var client = TenantClient(variant, tenant);
        using var form = Form(null, files);
        var response = await client.PostAsync("/ingest/files", form);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
        var operation = body.GetProperty("operationId").GetString()!;
        Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);
        return (operation, body.GetProperty("messages").GetInt32());
    }

    /// <summary>Runs a consumer with the real pipeline on the variant's queue until the operation completed.</summary>
    private async Task CompleteAsync(WebApplicationFactory<ApiProgram> variant, string tenant, string operation, int documents)
    {
        var services = variant.Services;
        var pipelines = new IngestionPipelines(
            services.GetRequiredService<EmbeddingSpaces>(), Options.Create(new IngestionOptions()), new IngestionPipelineTelemetry(),
            NullLogger<IngestionPipeline>.Instance, TimeProvider.System);
        var consumer = new IngestionConsumer(
            services.GetRequiredService<IConnectionMultiplexer>(), services.GetRequiredService<IChannelSubscriptions>(), services.GetRequiredService<IngestionQueue>(), new PipelineIngestionHandler(pipelines),
            TimeProvider.System, NullLogger<IngestionConsumer>.Instance);
        using var owner = TenantClient(variant, tenant);
        JsonElement state = default;

        await TestQueues.StepUntilAsync(consumer, async () =>
        {
            state = await owner.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
            return state.GetProperty("state").GetString() is "Completed" or "Failed" or "PartiallyFailed";
        }, "the uploaded files' operation settles", TimeSpan.FromSeconds(60));

        Assert.Equal(("Completed", documents, 0), (state.GetProperty("state").GetString(), state.GetProperty("done").GetInt32(), state.GetProperty("failed").GetInt32()));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string? tenant, params (string Name, byte[] Content)[] files)
    {
        using var form = Form(tenant, files);
        using var response = await client.PostAsync("/ingest/files", form);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static MultipartFormDataContent Form(string? tenant, (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        if (tenant is not null)
        {
            form.Add(new StringContent(tenant), "tenant");
        }

        foreach (var (name, content) in files)
        {
            form.Add(new ByteArrayContent(content), "files", name);
        }

        return form;
    }
}
