using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>Rows of a source document in the real PostgreSQL: read together, changed together in one transaction, deleted together.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ColdTierChunkTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly VectorIndexSchema Schema = new() { Name = "cold", Dimension = 4 };

    private IsolatedPostgresSchema? database;
    private PostgresColdTier? tier;

    private IsolatedPostgresSchema Database => database!;

    private PostgresColdTier Tier => tier!;

    public async Task InitializeAsync()
    {
        database = await IsolatedPostgresSchema.CreateAsync(servers.PostgresConnectionString);
        tier = await Database.MigratedTierAsync(Schema);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    [Fact]
    public async Task EachDocumentsRowsAreReadWithTheirHashesAndADocumentStoredWholeIsItsOwnRow()
    {
        await Tier.UpsertAsync([Chunk("a", 0, "zero"), Chunk("a", 1, "one"), Chunk("b", 0, "other"), Document("whole", [0, 1, 0, 0], body: "whole")], CancellationToken.None);

        var chunks = await Tier.ReadChunkHashesAsync(["a", "whole", "missing", "a"], CancellationToken.None);

        Assert.Equal(["a", "missing", "whole"], chunks.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            [("a#0", ContentHash.Of("zero")), ("a#1", ContentHash.Of("one"))],
            chunks["a"].Select(chunk => (chunk.Id, chunk.ContentHash)).Order());
        Assert.All(chunks["a"], chunk => Assert.Equal(("a", "test-model", "tidewater"), (chunk.DocumentId, chunk.EmbeddingModel, chunk.Tenant)));
        Assert.Equal("whole", Assert.Single(chunks["whole"]).Id);
        Assert.Empty(chunks["missing"]);
        Assert.Equal("a", (await Tier.GetAsync("a#1", CancellationToken.None))!.DocumentId);
    }

    [Fact]
    public async Task ARowWrittenWithoutADocumentIdCountsAsAWholeDocument()
    {
        // What a replica of the previous version writes during a rolling upgrade.
        await Database.ScalarAsync<object>(
            "INSERT INTO documents (id, tenant, updated_at, content_hash, embedding_model, embedding) VALUES ('legacy', 't', now(), 'h', 'm', '[1,0,0,0]')");

        var chunks = await Tier.ReadChunkHashesAsync(["legacy"], CancellationToken.None);

        Assert.Equal(("legacy", "legacy"), (Assert.Single(chunks["legacy"]).Id, chunks["legacy"][0].DocumentId));
        Assert.Equal(["legacy"], await Tier.DeleteDocumentAsync("legacy", CancellationToken.None));
    }

    [Fact]
    public async Task AChangeWritesItsRowsAndDeletesTheOnesTheDocumentNoLongerHasInOneTransaction()
    {
        await Tier.UpsertAsync([Chunk("a", 0, "zero"), Chunk("a", 1, "one"), Chunk("a", 2, "two")], CancellationToken.None);
        var before = await Tier.ReadChunkHashesAsync(["a"], CancellationToken.None);
        var zeroVersion = await RowVersionAsync("a#0");

        var results = await Tier.ApplyAsync(
            [new ColdDocumentChange("a", ["a#0", "a#1"], [Chunk("a", 0, "zero"), Chunk("a", 1, "one, edited")], before["a"])],
            beforeCommit: null,
            CancellationToken.None);

        var result = Assert.Single(results);
        Assert.True(result.Applied);
        Assert.Equal(["a#1"], result.Written);
        Assert.Equal(["a#2"], result.Deleted);
        Assert.Equal(zeroVersion, await RowVersionAsync("a#0"));
        Assert.Equal(ContentHash.Of("one, edited"), (await Tier.GetAsync("a#1", CancellationToken.None))!.ContentHash);
        Assert.Null(await Tier.GetAsync("a#2", CancellationToken.None));
    }

    [Fact]
    public async Task AChangePlannedFromRowsThatHaveSinceChangedIsRefusedWhileTheOthersApply()
    {
        await Tier.UpsertAsync([Chunk("a", 0, "zero"), Chunk("b", 0, "b zero")], CancellationToken.None);
        var planned = await Tier.ReadChunkHashesAsync(["a", "b"], CancellationToken.None);
        await Tier.UpsertAsync([Chunk("a", 0, "another writer's zero")], CancellationToken.None);

        var results = await Tier.ApplyAsync(
        [
            new ColdDocumentChange("a", ["a#0"], [Chunk("a", 0, "my zero")], planned["a"]),
            new ColdDocumentChange("b", ["b#0"], [Chunk("b", 0, "my b zero")], planned["b"]),
            new ColdDocumentChange("b", ["b#0"], [Chunk("b", 0, "b zero again")], planned["b"]),
        ],
        beforeCommit: null,
        CancellationToken.None);

        Assert.Equal([false, true, false], results.Select(result => result.Applied));
        Assert.Equal(ContentHash.Of("another writer's zero"), (await Tier.GetAsync("a#0", CancellationToken.None))!.ContentHash);
        Assert.Equal(ContentHash.Of("my b zero"), (await Tier.GetAsync("b#0", CancellationToken.None))!.ContentHash);
    }

    [Fact]
    public async Task WhenTheStepBeforeTheCommitFailsNothingIsWritten()
    {
        await Tier.UpsertAsync([Chunk("a", 0, "zero"), Chunk("a", 1, "one")], CancellationToken.None);
        IReadOnlyList<ColdDocumentChangeResult>? seen = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Tier.ApplyAsync(
            [new ColdDocumentChange("a", ["a#0"], [Chunk("a", 0, "zero, edited")], Expected: null)],
            (results, _) =>
            {
                seen = results;
                throw new InvalidOperationException("The hot tier is down.");
            },
            CancellationToken.None));

        Assert.Equal(["a#0"], seen!.Single().Written);
        Assert.Equal(["a#1"], seen!.Single().Deleted);
        Assert.Equal(ContentHash.Of("zero"), (await Tier.GetAsync("a#0", CancellationToken.None))!.ContentHash);
        Assert.NotNull(await Tier.GetAsync("a#1", CancellationToken.None));
    }

    [Fact]
    public async Task DeletingDocumentsDeletesEveryRowOfThemAndSaysWhich()
    {
        await Tier.UpsertAsync([Chunk("a", 0, "zero"), Chunk("a", 1, "one"), Chunk("b", 0, "b"), Chunk("c", 0, "c")], CancellationToken.None);

        Assert.Equal(["a#0", "a#1"], (await Tier.DeleteDocumentAsync("a", CancellationToken.None)).Order(StringComparer.Ordinal));
        Assert.Empty(await Tier.DeleteDocumentAsync("a", CancellationToken.None));
        Assert.Equal(["b#0", "c#0"], (await Tier.DeleteDocumentsAsync(["b", "c", "missing"], CancellationToken.None)).Order(StringComparer.Ordinal));
        Assert.Equal(0, await Tier.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ARowThatIsNotTheDocumentsOwnIsRefusedNamingIt()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Tier.ApplyAsync(
            [new ColdDocumentChange("a", ["a#0"], [Chunk("b", 0, "zero")], Expected: null)], beforeCommit: null, CancellationToken.None));

        Assert.Equal("upserts", error.ParamName);
        Assert.Contains("'b#0'", error.Message, StringComparison.Ordinal);
    }

    private static ColdDocument Chunk(string documentId, int index, string body) =>
        Document($"{documentId}#{index}", [1, index, 0, 0], body: body) with { DocumentId = documentId };

    /// <summary>PostgreSQL's row version: a rewrite creates a new tuple with a new xmin.</summary>
    private Task<string> RowVersionAsync(string id) => Database.ScalarAsync<string>("SELECT xmin::text FROM documents WHERE id = $1", id);
}
