using System.Net;
using System.Text.Json;

namespace RedisAspire.Tests.Integration.Api;

/// <summary><c>POST /ingest/folder</c>: folders under the import root the fixture gives the Api, each test in a folder of its own.</summary>
[Trait("Category", "Integration")]
[Collection(ApiCollection.Name)]
public sealed class FolderImportApiTests(ApiFixture api)
{
    [Fact]
    public async Task AFoldersDocumentsAreQueuedWithWhatWasSkippedAndWhatCouldNotBeRead()
    {
        using var client = api.CreateClient();
        var folder = NewFolder();
        api.ImportRoot.WriteFile($"{folder}/ferry.md", "# Ferry timetable\n\nThe harbour ferry leaves the north quay every twenty minutes.\n");
        api.ImportRoot.WriteFile($"{folder}/notes/parking.txt", "Visitors park behind the fish market.");
        api.ImportRoot.WriteFile($"{folder}/menu.jsonl", "{\"id\":\"oysters\",\"title\":\"Oysters\",\"body\":\"Half a dozen oysters.\",\"updated_at\":\"2025-03-14\"}\n{not json\n");
        api.ImportRoot.WriteFile($"{folder}/logo.png", "not a document");

        var (status, imported, response) = await client.SendAsync(
            HttpMethod.Post, "/ingest/folder", JsonSerializer.Serialize(new { path = folder, tenant = "harbour", language = "en" }));
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, imported.ToString());
            var operation = Assert.Single(imported.GetProperty("operations").EnumerateArray()).GetString()!;
            Assert.Equal($"/operations/{operation}", response.Headers.Location?.OriginalString);
            Assert.True(
                (imported.GetProperty("documents").GetInt32(), imported.GetProperty("skipped").GetInt32(), imported.GetProperty("moreErrors").GetInt32()) == (3, 1, 0),
                imported.ToString());
            var error = Assert.Single(imported.GetProperty("errors").EnumerateArray());
            Assert.Equal(("menu.jsonl", 2), (error.GetProperty("file").GetString(), error.GetProperty("line").GetInt32()));
            Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()), error.ToString());
            var queued = await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK);
            Assert.Equal(("Queued", 3), (queued.GetProperty("state").GetString(), queued.GetProperty("total").GetInt32()));
        }
    }

    [Fact]
    public async Task AnAbsolutePathUnderTheRootIsImportedToo()
    {
        using var client = api.CreateClient();
        var folder = NewFolder();
        var file = api.ImportRoot.WriteFile($"{folder}/ferry.md", "The ferry leaves every twenty minutes.");

        var imported = await client.ExpectAsync(HttpMethod.Post, "/ingest/folder", HttpStatusCode.Accepted, new { path = Path.GetDirectoryName(file), tenant = "harbour" });

        Assert.Equal(1, imported.GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task AFolderWithoutDocumentsIsAnsweredWithoutAnOperation()
    {
        using var client = api.CreateClient();
        var folder = NewFolder();
        api.ImportRoot.WriteFile($"{folder}/logo.png", "not a document");

        var (status, imported, response) = await client.SendAsync(HttpMethod.Post, "/ingest/folder", JsonSerializer.Serialize(new { path = folder, tenant = "harbour" }));
        response.Dispose();

        Assert.True(status == HttpStatusCode.OK, imported.ToString());
        Assert.Empty(imported.GetProperty("operations").EnumerateArray());
        Assert.Equal((0, 1), (imported.GetProperty("documents").GetInt32(), imported.GetProperty("skipped").GetInt32()));
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("{\"tenant\":\"harbour\"}", "path")]
    [InlineData("{\"path\":\" \",\"tenant\":\"harbour\"}", "path")]
    [InlineData("{\"path\":\"..\",\"tenant\":\"harbour\"}", "path")]
    [InlineData("{\"path\":\"/\",\"tenant\":\"harbour\"}", "path")]
    [InlineData("{\"path\":\"folder\"}", "tenant")]
    [InlineData("{\"path\":\"folder\",\"tenant\":\" \"}", "tenant")]
    [InlineData("{\"path\":\"folder\",\"tenant\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}", "tenant")]
    [InlineData("{\"path\":\"folder\",\"tenant\":\"harbour\",\"language\":\" \"}", "language")]
    [InlineData("{\"path\":\"folder\",\"tenant\":\"harbour\",\"recursive\":true}", "recursive")]
    [InlineData("{\"path\":7,\"tenant\":\"harbour\"}", "path")]
    public async Task ABadFolderImportIsABadRequestNamingTheField(string body, string field)
    {
        using var client = api.CreateClient();

        await client.BadRequestNamingAsync(HttpMethod.Post, "/ingest/folder", body, field);
    }

    [Fact]
    public async Task EveryBadFieldOfAFolderImportIsNamedAtOnce()
    {
        using var client = api.CreateClient();

        var (status, problem, response) = await client.SendAsync(HttpMethod.Post, "/ingest/folder", "{\"language\":\"\"}");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["language", "path", "tenant"], problem.GetProperty("errors").EnumerateObject().Select(error => error.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AFolderOutsideTheRootIsRefusedNamingThePathEvenThroughALink()
    {
        using var client = api.CreateClient();
        var folder = NewFolder();
        api.ImportRoot.WriteFile($"{folder}/inside.md", "Inside the root.");
        Directory.CreateSymbolicLink(Path.Join(api.ImportRoot.Path, folder, "outside"), Path.GetTempPath());

        var parent = await client.BadRequestNamingAsync(
            HttpMethod.Post, "/ingest/folder", JsonSerializer.Serialize(new { path = Path.GetDirectoryName(api.ImportRoot.Path), tenant = "harbour" }), "path");
        var linked = await client.BadRequestNamingAsync(
            HttpMethod.Post, "/ingest/folder", JsonSerializer.Serialize(new { path = $"{folder}/outside", tenant = "harbour" }), "path");

        Assert.Contains("outside the import root", Assert.Single(parent), StringComparison.Ordinal);
        Assert.Contains("outside the import root", Assert.Single(linked), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderThatDoesNotExistUnderTheRootIsNotFound()
    {
        using var client = api.CreateClient();

        var problem = await client.ProblemAsync(
            HttpMethod.Post, "/ingest/folder", HttpStatusCode.NotFound, JsonSerializer.Serialize(new { path = NewFolder(), tenant = "harbour" }));

        Assert.Equal("The folder does not exist", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task WithoutAnImportRootFolderImportIsForbidden()
    {
        await using var disabled = api.With(("Ingestion:FolderImport:Root", ""));
        using var client = disabled.CreateClient();

        var problem = await client.ProblemAsync(
            HttpMethod.Post, "/ingest/folder", HttpStatusCode.Forbidden, JsonSerializer.Serialize(new { path = NewFolder(), tenant = "harbour" }));

        Assert.Equal("Folder import is disabled", problem.GetProperty("title").GetString());
        Assert.Contains("Ingestion:FolderImport:Root", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFolderLargerThanABatchIsQueuedAsSeveralOperations()
    {
        await using var small = api.WithQueueOfItsOwn(("Ingestion:Queue:MaxBatchDocuments", "2"));
        using var client = small.CreateClient();
        var folder = NewFolder();
        foreach (var name in new[] { "a", "b", "c" })
        {
            api.ImportRoot.WriteFile($"{folder}/{name}.txt", $"Document {name}.");
        }

        var imported = await client.ExpectAsync(HttpMethod.Post, "/ingest/folder", HttpStatusCode.Accepted, new { path = folder, tenant = "harbour" });

        var operations = imported.GetProperty("operations").EnumerateArray().Select(operation => operation.GetString()!).ToArray();
        Assert.Equal(2, operations.Length);
        Assert.Equal(3, imported.GetProperty("documents").GetInt32());
        var totals = new List<int>();
        foreach (var operation in operations)
        {
            totals.Add((await client.ExpectAsync(HttpMethod.Get, $"/operations/{operation}", HttpStatusCode.OK)).GetProperty("total").GetInt32());
        }

        Assert.Equal([2, 1], totals);
    }

    [Fact]
    public async Task AFolderImportOntoAFullQueueIsUnavailableAndSaysWhatWasQueuedAlready()
    {
        await using var full = api.WithQueueOfItsOwn(("Ingestion:Queue:MaxLength", "1"), ("Ingestion:Queue:MaxBatchDocuments", "1"));
        using var client = full.CreateClient();
        var folder = NewFolder();
        api.ImportRoot.WriteFile($"{folder}/a.txt", "Document a.");
        api.ImportRoot.WriteFile($"{folder}/b.txt", "Document b.");

        var problem = await client.ProblemAsync(
            HttpMethod.Post, "/ingest/folder", HttpStatusCode.ServiceUnavailable, JsonSerializer.Serialize(new { path = folder, tenant = "harbour" }));

        Assert.Equal("The ingestion queue is full", problem.GetProperty("title").GetString());
        Assert.Contains("1 documents of the folder were already queued", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    private static string NewFolder() => $"import-{Guid.NewGuid():N}";
}
