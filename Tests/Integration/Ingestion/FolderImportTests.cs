using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Ingestion.Queue;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class FolderImportTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly FolderImportDefaults Defaults = new("harbor-bistro", "en");

    private readonly IngestionQueueOptions options = TestQueues.NewOptions();
    private readonly TemporaryDirectory temporary = new();
    private ConnectionMultiplexer redis = null!;

    private string Root => Path.Join(temporary.Path, "root");

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        Directory.CreateDirectory(Root);
    }

    public async Task DisposeAsync()
    {
        await TestQueues.DeleteKeysAsync(redis, options);
        await redis.DisposeAsync();
        temporary.Dispose();
    }

    [Fact]
    public async Task EachKindOfFileIsQueuedWhileBadLinesAndUnknownFilesAreReported()
    {
        temporary.WriteFile("root/docs/menu.md", "# Menu\n\nTruffle risotto and crème brûlée.");
        temporary.WriteFile("root/docs/notes.txt", "Corkage\nWe charge 15 euros a bottle.");
        temporary.WriteFile("root/docs/pages/hours.html", "<html><head><title>Opening hours</title></head><body><p>Noon to 10 pm.</p></body></html>");
        temporary.WriteFile("root/docs/faq.jsonl", string.Join('\n',
            """{"id": "faq-dogs", "body": "Dogs are welcome on the terrace.", "updated_at": "2025-04-02"}""",
            """{"id": "faq-cats", "updated_at": "2025-04-02"}""",
            """{"id": "faq-hunde", "language": "de", "body": "Hunde sind willkommen.", "updated_at": "2025-04-03"}"""));
        temporary.WriteFile("root/docs/logo.png", "not an image");
        var queue = TestQueues.Queue(redis, options);

        var result = await Import(queue).ImportAsync("docs", Defaults, CancellationToken.None);

        Assert.Equal((5, 1), (result.Documents, result.Skipped));
        var error = Assert.Single(result.Errors);
        Assert.Equal(("faq.jsonl", (int?)2, "body"), (error.File, error.Line, error.Field));
        Assert.Equal(0, result.MoreErrors);
        var operationId = Assert.Single(result.Operations);
        var operation = await queue.GetOperationAsync(operationId, CancellationToken.None);
        Assert.Equal((OperationState.Queued, 5), (operation!.State, operation.Total));
        Assert.Equal(5, (await queue.DepthAsync(CancellationToken.None)).Length);

        var handler = new RecordingHandler();
        await TestQueues.StepUntilAsync(
            TestQueues.Consumer(redis, options, handler),
            async () => (await queue.GetOperationAsync(operationId, CancellationToken.None))!.State == OperationState.Completed,
            "the folder's operation completes");
        Assert.Equal(
            ["faq-dogs", "faq-hunde", "menu.md", "notes.txt", "pages/hours.html"],
            handler.Seen.Select(message => message.DocumentId).Order(StringComparer.Ordinal));
        Assert.All(handler.Seen, message => Assert.Equal((IngestionKind.Upsert, "harbor-bistro", operationId), (message.Kind, message.Tenant, message.OperationId)));
        Assert.Equal("de", handler.Seen.Single(message => message.DocumentId == "faq-hunde").Document!.Language);
    }

    [Fact]
    public async Task MoreDocumentsThanABatchHoldsAreQueuedAsSeveralOperations()
    {
        options.MaxBatchDocuments = 4;
        temporary.WriteFile("root/many.jsonl", string.Join('\n', Enumerable.Range(0, 10).Select(i =>
            $$"""{"id": "doc-{{i}}", "body": "Document number {{i}}.", "updated_at": "2025-01-01"}""")));
        var queue = TestQueues.Queue(redis, options);

        var result = await Import(queue).ImportAsync(Root, Defaults, CancellationToken.None);

        Assert.Equal(10, result.Documents);
        Assert.Equal(3, result.Operations.Distinct().Count());
        List<int> totals = [];
        foreach (var operationId in result.Operations)
        {
            totals.Add((await queue.GetOperationAsync(operationId, CancellationToken.None))!.Total);
        }

        Assert.Equal([4, 4, 2], totals);
        Assert.Equal(10, (await queue.DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task ADocumentTooLargeForTheQueueIsAnErrorOfItsFileAndBatchesCloseBeforeTheirByteLimit()
    {
        options.MaxEntryBytes = 1024;
        options.MaxBatchBytes = 2048;
        temporary.WriteFile("root/big.txt", "Big\n" + new string('x', 2000));
        foreach (var i in Enumerable.Range(0, 6))
        {
            temporary.WriteFile($"root/small-{i}.txt", $"Small {i}\n{new string('y', 300)}");
        }

        var queue = TestQueues.Queue(redis, options);

        var result = await Import(queue).ImportAsync(Root, Defaults, CancellationToken.None);

        var error = Assert.Single(result.Errors);
        Assert.Equal(("big.txt", "body"), (error.File, error.Field));
        Assert.Equal(6, result.Documents);
        Assert.True(result.Operations.Count > 1, $"{result.Operations.Count} operations");
        var total = 0;
        foreach (var operationId in result.Operations)
        {
            total += (await queue.GetOperationAsync(operationId, CancellationToken.None))!.Total;
        }

        Assert.Equal(6, total);
    }

    [Fact]
    public async Task ErrorsBeyondTheHundredthAreCountedNotListed()
    {
        temporary.WriteFile("root/bad.jsonl", string.Join('\n', Enumerable.Range(0, 130).Select(i => $$"""{"id": "bad-{{i}}"}""")));

        var result = await Import(TestQueues.Queue(redis, options)).ImportAsync(Root, Defaults, CancellationToken.None);

        Assert.Equal((FolderImport.MaxErrors, 30, 0), (result.Errors.Count, result.MoreErrors, result.Documents));
        Assert.Empty(result.Operations);
    }

    [Fact]
    public async Task FoldersOutsideTheRootAreRefusedAndNothingIsQueued()
    {
        var elsewhere = Path.Join(temporary.Path, "elsewhere");
        temporary.WriteFile("elsewhere/secret.txt", "Secret\nNot for import.");
        temporary.WriteFile("root/docs/menu.md", "# Menu\n\nRisotto.");
        Directory.CreateSymbolicLink(Path.Join(Root, "link"), elsewhere);
        Directory.CreateDirectory(Path.Join(elsewhere, "sub"));
        var queue = TestQueues.Queue(redis, options);
        var import = Import(queue);

        foreach (var path in new[] { "../elsewhere", Path.Join(Root, "..", "elsewhere"), elsewhere, "link", "link/sub", "/" })
        {
            var refused = await Assert.ThrowsAsync<ArgumentException>(() => import.ImportAsync(path, Defaults, CancellationToken.None));
            Assert.Equal("path", refused.ParamName);
            Assert.Contains("outside the import root", refused.Message, StringComparison.Ordinal);
        }

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => import.ImportAsync("missing", Defaults, CancellationToken.None));
        Assert.Equal(0, (await queue.DepthAsync(CancellationToken.None)).Length);
    }

    [Fact]
    public async Task ALinkInsideTheRootToAFolderInsideItIsFollowed()
    {
        temporary.WriteFile("root/docs/menu.md", "# Menu\n\nRisotto.");
        Directory.CreateSymbolicLink(Path.Join(Root, "alias"), Path.Join(Root, "docs"));

        var result = await Import(TestQueues.Queue(redis, options)).ImportAsync("alias", Defaults, CancellationToken.None);

        Assert.Equal(1, result.Documents);
    }

    [Fact]
    public async Task WithoutARootFolderImportIsDisabled()
    {
        temporary.WriteFile("root/docs/menu.md", "# Menu\n\nRisotto.");
        var import = Import(TestQueues.Queue(redis, options), root: null);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => import.ImportAsync(Root, Defaults, CancellationToken.None));

        Assert.False(import.IsEnabled);
        Assert.Contains("Ingestion:FolderImport:Root", refused.Message, StringComparison.Ordinal);
    }

    private FolderImport Import(IngestionQueue queue) => Import(queue, Root);

    private static FolderImport Import(IngestionQueue queue, string? root) =>
        new(queue, Options.Create(new FolderImportOptions { Root = root }));
}
