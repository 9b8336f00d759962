extern alias Web;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using RedisAspire.Contracts;
using RedisAspire.Tests.Unit.Web.Dashboard;
using Web::RedisAspire.Web.Components.Pages;

namespace RedisAspire.Tests.Unit.Web;

/// <summary>
/// The Documents page: a document and its chunks, writes and removals followed to their end, uploads and folder imports
/// with what was refused, and the dead letters with their re-drive.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DocumentsTests : DashboardContext
{
    private const string DeadLetters = "GET /ingestion/dead-letters?count=100";
    private const string RecentOperations = "GET /operations?count=20";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string tenant = $"harbor-{Guid.NewGuid():N}"[..20];
    private readonly string id = $"menu-{Guid.NewGuid():N}";
    private readonly string operation = Guid.NewGuid().ToString("N");

    public DocumentsTests() => Api.Answer(RecentOperations, Array.Empty<OperationResponse>());

    [Fact]
    public void EveryEmptySectionSaysWhatWouldFillIt()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>());

        var page = Render<Documents>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.NotNull(page.Find("[data-testid=find-empty]"));
        Assert.NotNull(page.Find("[data-testid=operations-empty]"));
        Assert.NotNull(page.Find("[data-testid=dead-letters-empty]"));
        Assert.True(page.Find("[data-testid=redrive-all]").HasAttribute("disabled"));
    }

    [Fact]
    public void AWrittenDocumentIsFollowedLiveToItsEndAndCanThenBeFound()
    {
        var reads = 0;
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer($"PUT /documents/{id}", new OperationAccepted(operation, 1))
            .On($"GET /operations/{operation}", (_, _) => Ok(Operation(Interlocked.Increment(ref reads) < 2 ? OperationState.Queued : OperationState.Completed, done: reads < 2 ? 0 : 1)))
            .Answer($"GET /documents/{id}", Document())
            .Answer($"GET /documents/{id}/chunks?offset=0&limit=20", Chunks(0, 2));
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "write-tenant", tenant);
        Fill(page, "write-id", id);
        Fill(page, "write-title", "Menu");
        Fill(page, "write-body", "Chowder on Fridays.");
        page.Find("[data-testid=add-metadata]").Click();
        Fill(page, "metadata-name", "cuisine");
        Fill(page, "metadata-value", "seafood");

        page.Find("[data-testid=write-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("Queued", page.Find("[data-testid=operation-state]").GetAttribute("data-state")));
        Assert.Equal(operation, page.Find("[data-testid=write-operation]").TextContent);
        var sent = JsonSerializer.Deserialize<DocumentRequest>(Assert.Single(Api.Bodies), Json)!;
        Assert.Equal((tenant, "Menu", "Chowder on Fridays."), (sent.Tenant, sent.Title, sent.Body));
        Assert.Equal("seafood", sent.Metadata!["cuisine"].GetString());

        Time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=operation-state]").GetAttribute("data-state")));
        Assert.Equal("1", page.Find("[data-testid=operation-done]").TextContent);
        var renders = page.RenderCount;
        Time.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.True(page.RenderCount > renders));
        Assert.Equal(2, Api.Count($"GET /operations/{operation}"));

        page.Find("[data-testid=operation-find]").Click();
        page.WaitForElement("[data-testid=document]");
        Assert.Equal(tenant, page.Find("[data-testid=document-tenant]").TextContent);
        Assert.Equal(["true", "false"], page.FindAll("[data-testid=chunk-tier]").Select(tier => tier.GetAttribute("data-hot")));
        Assert.Equal("seafood", page.Find("[data-testid=document-field][data-name=cuisine]").TextContent);
    }

    [Fact]
    public void AFormTheApiWouldRefuseSendsNothingAndNamesItsFields()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>());
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "write-id", "harbor menu");

        page.Find("[data-testid=write-submit]").Click();

        var errors = FieldErrors(page);
        Assert.Equal("A document id has no spaces or control characters.", errors["id"]);
        Assert.StartsWith("Name the tenant", errors["tenant"], StringComparison.Ordinal);
        Assert.Equal("Write the document's text.", errors["body"]);
        Assert.NotNull(page.Find("[data-testid=write-invalid]"));
        Assert.Equal([DeadLetters, RecentOperations], Api.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheApisRefusalOfAFurtherFieldIsShownBesideItsRow()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Problem($"PUT /documents/{id}", HttpStatusCode.BadRequest, "One or more validation errors occurred.", null,
                new() { ["metadata.price"] = ["'price' is a NUMERIC field of index 'embeddings': its value must be a number."] });
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "write-tenant", tenant);
        Fill(page, "write-id", id);
        Fill(page, "write-body", "Chowder.");
        page.Find("[data-testid=add-metadata]").Click();
        Fill(page, "metadata-name", "price");
        Fill(page, "metadata-value", "cheap");

        page.Find("[data-testid=write-submit]").Click();

        page.WaitForElement("[data-testid=write-problem]");
        Assert.StartsWith("'price' is a NUMERIC field", FieldErrors(page)["metadata[0]"], StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=operation-row]"));
    }

    [Fact]
    public void ADeleteIsSentOnlyOnceConfirmed()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer($"DELETE /documents/{id}?tenant={tenant}", new OperationAccepted(operation, 1))
            .Answer($"GET /operations/{operation}", Operation(OperationState.Completed, done: 1));
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "write-tenant", tenant);
        Fill(page, "write-id", id);

        page.Find("[data-testid=delete-document]").Click();
        page.Find("[data-testid=delete-cancel]").Click();
        Assert.Equal(0, Api.Count($"DELETE /documents/{id}?tenant={tenant}"));
        page.Find("[data-testid=delete-document]").Click();
        page.Find("[data-testid=delete-confirm]").Click();

        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=operation-state]").GetAttribute("data-state")));
        Assert.Equal(1, Api.Count($"DELETE /documents/{id}?tenant={tenant}"));
        Assert.Empty(page.FindAll("[data-testid=delete-confirmation]"));
    }

    [Fact]
    public void ADocumentPostgresDoesNotHoldSaysSoAndAnotherTenantsIsPointedOut()
    {
        var other = $"other-{Guid.NewGuid():N}";
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer($"GET /documents/{id}", Document())
            .Answer($"GET /documents/{id}/chunks?offset=0&limit=20", Chunks(0, 1));
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "find-id", other);
        page.Find("[data-testid=find-submit]").Click();
        page.WaitForElement("[data-testid=document-missing]");

        Fill(page, "find-tenant", "someone-else");
        Fill(page, "find-id", id);
        page.Find("[data-testid=find-submit]").Click();

        page.WaitForElement("[data-testid=document]");
        Assert.Contains($"belongs to tenant '{tenant}', not 'someone-else'", page.Find("[data-testid=find-other-tenant]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunksArePagedTwentyAtATime()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer($"GET /documents/{id}", Document(chunks: 45))
            .Answer($"GET /documents/{id}/chunks?offset=0&limit=20", Chunks(0, 20, total: 45))
            .Answer($"GET /documents/{id}/chunks?offset=20&limit=20", Chunks(20, 20, total: 45));
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "find-id", id);
        page.Find("[data-testid=find-submit]").Click();
        page.WaitForElement("[data-testid=chunks]");
        Assert.Equal("1–20 of 45", page.Find("[data-testid=chunks-range]").TextContent);

        page.Find("[data-testid=chunks-next]").Click();

        page.WaitForAssertion(() => Assert.Equal("21–40 of 45", page.Find("[data-testid=chunks-range]").TextContent));
        Assert.Equal("20", page.FindAll("[data-testid=chunk-row]")[0].GetAttribute("data-position"));
    }

    [Fact]
    public void AFileOfAKindTheApiDoesNotReadIsRefusedBeforeSending()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>());
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("# Menu", "menu.md"), InputFileContent.CreateFromText("%PDF", "menu.pdf"));
        Fill(page, "upload-tenant", tenant);

        page.Find("[data-testid=upload-submit]").Click();

        var refused = Assert.Single(page.FindAll("[data-testid=upload-refused-file]"));
        Assert.Equal("menu.pdf", refused.GetAttribute("data-file"));
        Assert.Equal([DeadLetters, RecentOperations], Api.Requests.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void AnUploadIsSentAsMultipartAndEachFileTheApiRefusesIsListedWithItsReason()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Problem("POST /ingest/files", HttpStatusCode.BadRequest, "The upload is not valid: nothing was queued", null, new()
            {
                ["menu.jsonl:3"] = ["body must not be empty."],
                ["notes.txt"] = ["The file is not valid UTF-8: the bytes from offset 4 (line 1) are not a UTF-8 character."],
            });
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        page.FindComponent<InputFile>().UploadFiles(
            InputFileContent.CreateFromText("{\"id\":\"a\",\"body\":\"x\"}", "menu.jsonl"), InputFileContent.CreateFromText("notes", "notes.txt"));
        Fill(page, "upload-tenant", tenant);

        page.Find("[data-testid=upload-submit]").Click();

        page.WaitForElement("[data-testid=upload-refused]");
        var refused = page.FindAll("[data-testid=upload-refused-file]").ToDictionary(file => file.GetAttribute("data-file")!, file => file.TextContent);
        Assert.Equal(["menu.jsonl:3", "notes.txt"], refused.Keys.Order(StringComparer.Ordinal));
        Assert.EndsWith("body must not be empty.", refused["menu.jsonl:3"], StringComparison.Ordinal);
        var body = Assert.Single(Api.Bodies);
        Assert.Contains("filename=menu.jsonl", body, StringComparison.Ordinal);
        Assert.Contains("name=tenant", body, StringComparison.Ordinal);
        Assert.Contains(tenant, body, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderImportFollowsEachBatchAndListsWhatCouldNotBeImported()
    {
        var second = Guid.NewGuid().ToString("N");
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer("POST /ingest/folder", new FolderImportResponse([operation, second], 150, 2, [new FolderImportError("menu.jsonl", 7, "body", "body must not be empty.")], 0))
            .Answer($"GET /operations/{operation}", Operation(OperationState.Completed, done: 100))
            .Answer($"GET /operations/{second}", Operation(OperationState.Running, done: 10) with { Id = second });
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "folder-path", "menus");
        Fill(page, "folder-tenant", tenant);

        page.Find("[data-testid=folder-submit]").Click();

        page.WaitForElement("[data-testid=folder-result]");
        Assert.Equal("150 documents queued as 2 operations; 2 files skipped for their kind; 1 files or lines could not be imported.",
            page.Find("[data-testid=folder-result]").TextContent.Trim());
        Assert.Contains("menu.jsonl:7", page.Find("[data-testid=folder-error]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(
            ["Running", "Completed"], page.FindAll("[data-testid=operation-state]").Select(state => state.GetAttribute("data-state"))));
    }

    [Fact]
    public void AnOperationThatSettlesWithFailuresBringsItsDeadLettersIn()
    {
        var reads = 0;
        var failed = false;
        Api.On(DeadLetters, (_, _) => Ok<DeadLetter[]>(failed ? [Letter()] : []))
            .Answer($"PUT /documents/{id}", new OperationAccepted(operation, 1))
            .On($"GET /operations/{operation}", (_, _) =>
            {
                failed = Interlocked.Increment(ref reads) >= 2;
                return Ok(failed ? Operation(OperationState.Failed, done: 0, failed: 1) with { LastError = "The embedding model is unavailable." } : Operation(OperationState.Running, done: 0));
            });
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "write-tenant", tenant);
        Fill(page, "write-id", id);
        Fill(page, "write-body", "Chowder.");
        page.Find("[data-testid=write-submit]").Click();
        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-testid=operation-state]").GetAttribute("data-state")));

        Time.Advance(TimeSpan.FromSeconds(1));

        page.WaitForElement("[data-testid=dead-letter]");
        Assert.Equal("Failed", page.Find("[data-testid=operation-state]").GetAttribute("data-state"));
        Assert.Equal("The embedding model is unavailable.", page.Find("[data-testid=operation-error]").TextContent.Trim());
    }

    [Fact]
    public void ADeadLetterGoesBackOnTheQueueAndItsOperationIsFollowedAgain()
    {
        var letter = Letter();
        var redriven = false;
        Api.On(DeadLetters, (_, _) => Ok<DeadLetter[]>(redriven ? [] : [letter]))
            .On($"POST /ingestion/dead-letters/{letter.Id}/redrive", (_, _) =>
            {
                redriven = true;
                return Ok(new RedriveResponse(1));
            })
            .Answer($"GET /operations/{operation}", Operation(OperationState.Running, done: 0));
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Assert.Equal("The embedding model is unavailable.", page.Find("[data-testid=dead-letter-error]").TextContent);

        page.Find("[data-testid=dead-letter] [data-testid=redrive]").Click();

        page.WaitForElement("[data-testid=redrive-result]");
        page.WaitForElement("[data-testid=dead-letters-empty]");
        Assert.Equal(operation, page.Find("[data-testid=operation-row]").GetAttribute("data-operation"));
        Assert.Equal("Running", page.Find("[data-testid=operation-state]").GetAttribute("data-state"));
    }

    [Fact]
    public void RedriveAllSaysHowManyWentBack()
    {
        Api.Answer(DeadLetters, new[] { Letter(), Letter() with { Id = "1714521600001-0", OperationId = null } })
            .Answer("POST /ingestion/dead-letters/redrive", new RedriveResponse(2))
            .Answer($"GET /operations/{operation}", Operation(OperationState.Completed, done: 1));
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");

        page.Find("[data-testid=redrive-all]").Click();

        page.WaitForAssertion(() => Assert.Equal("2 dead letters are back on the queue.", page.Find("[data-testid=redrive-result]").TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid=operation-row]"));
    }

    [Fact]
    public void AnOperationStartedElsewhereIsFollowedByItsIdAndAMistypedIdIsNamed()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer($"GET /operations/{operation}", Operation(OperationState.PartiallyFailed, done: 1, failed: 1) with { Total = 2 });
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "follow-id", operation.ToUpperInvariant());
        page.Find("[data-testid=follow-submit]").Click();
        Assert.StartsWith("An operation id is 32 lowercase hexadecimal digits", FieldErrors(page)["id"], StringComparison.Ordinal);

        Fill(page, "follow-id", operation);
        page.Find("[data-testid=follow-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("PartiallyFailed", page.Find("[data-testid=operation-state]").GetAttribute("data-state")));
        Assert.Equal("partially failed", page.Find("[data-testid=operation-state]").TextContent);
        Assert.Equal(1, Api.Count($"GET /operations/{operation}"));
    }

    [Fact]
    public void AnOperationTheApiNoLongerKeepsIsSaidToBeGone()
    {
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>());
        var page = Render<Documents>();
        page.WaitForElement("[data-testid=page-ready]");
        Fill(page, "follow-id", operation);

        page.Find("[data-testid=follow-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("no longer kept", page.Find("[data-testid=operation-state]").TextContent));
    }

    [Fact]
    public void DeadLettersThatCannotBeReadAreABannerWithRetry()
    {
        Api.Problem(DeadLetters, HttpStatusCode.Forbidden, "The admin role is needed");

        var page = Render<Documents>();

        page.WaitForElement("[data-testid=page-ready]");
        Assert.Contains("The admin role is needed", page.Find("[data-testid=api-failure]").TextContent, StringComparison.Ordinal);
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>());
        page.Find("[data-testid=api-retry]").Click();
        page.WaitForElement("[data-testid=dead-letters-empty]");
    }

    [Fact]
    public void TheNewestOperationsAreListedWhenThePageOpensAndTheUnsettledOnesFollowed()
    {
        var started = Time.GetUtcNow();
        var worker = Guid.NewGuid().ToString("N");
        var reads = 0;
        Api.Answer(DeadLetters, Array.Empty<DeadLetter>())
            .Answer(RecentOperations, new[]
            {
                Operation(OperationState.Running, done: 3) with { Id = worker, Total = 10, CreatedAt = started },
                Operation(OperationState.Completed, done: 1) with { CreatedAt = started.AddMinutes(-5) },
            })
            .On($"GET /operations/{worker}", (_, _) => Ok(Operation(OperationState.Completed, done: 10) with
            {
                Id = worker, Total = 10, CreatedAt = started, UpdatedAt = started.AddSeconds(Interlocked.Increment(ref reads)),
            }));

        var page = Render<Documents>();

        page.WaitForElement("[data-testid=page-ready]");
        var states = page.FindAll("[data-testid=operation-state]").Select(state => state.GetAttribute("data-state")).ToList();
        Assert.Equal(["Running", "Completed"], states);
        Time.Advance(Documents.Period);
        page.WaitForAssertion(() => Assert.Equal("Completed", page.FindAll("[data-testid=operation-state]")[0].GetAttribute("data-state")));
        Assert.Equal(0, Api.Count($"GET /operations/{operation}"));
    }

    private static Task<HttpResponseMessage> Ok<T>(T body) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = JsonContent.Create(body, options: Json) });

    private OperationResponse Operation(OperationState state, int done, int failed = 0) =>
        new(operation, state, Total: 1, done, failed, Time.GetUtcNow(), Time.GetUtcNow(), LastError: null, [tenant]);

    private DocumentResponse Document(int chunks = 2) => new(
        id, "embeddings", "VectorSets", 384, chunks, HotChunks: 1, InHotTier: true,
        new Dictionary<string, string> { ["tenant"] = tenant, ["language"] = "en", ["cuisine"] = "seafood" },
        new Dictionary<string, double> { ["updated_at"] = 1767225600 },
        new Dictionary<string, string> { ["title"] = "Menu" });

    private DocumentChunksResponse Chunks(int offset, int count, int total = 2) => new(
        id, "embeddings", "VectorSets", 1, total, offset, 20,
        [.. Enumerable.Range(offset, count).Select(position => new DocumentChunk($"{id}#{position}", position, position == 0, "Chowder on Fridays.", 19, "all-MiniLM-L6-v2", 1))]);

    private DeadLetter Letter() => new(
        "1714521600000-0", "1714521500000-0", operation, "upsert", id, tenant, "The embedding model is unavailable.", 5,
        Time.GetUtcNow().AddMinutes(-3), "worker-1");
}
