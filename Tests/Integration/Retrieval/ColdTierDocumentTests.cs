using System.Text.Json.Nodes;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using static RedisAspire.Tests.Integration.Retrieval.ColdDocuments;

namespace RedisAspire.Tests.Integration.Retrieval;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ColdTierDocumentTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly VectorIndexSchema Schema = new()
    {
        Name = "cold",
        Dimension = 4,
        TagFields = ["tenant", "language", "source"],
        NumericFields = [new NumericField("updated_at", Sortable: true), new NumericField("version")],
    };

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
    public async Task AnUpsertedDocumentIsReadBackCountedAndDeleted()
    {
        var document = Document("a", [0.5f, 0.25f, 0, 1], language: null, title: "Title", body: "Body text", metadata: """{"source": "wiki", "version": 3}""")
            with { UpdatedAt = DateTimeOffset.Parse("2024-05-02T10:11:12.345+02:00", System.Globalization.CultureInfo.InvariantCulture) };

        Assert.Equal(2, await Tier.UpsertAsync([document, Document("b", [0, 0, 0, 1])], CancellationToken.None));

        var stored = await Tier.GetAsync("a", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(document.Vector, stored.Vector);
        Assert.Equal(document with { Vector = stored.Vector, Metadata = stored.Metadata }, stored);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document.Metadata), JsonNode.Parse(stored.Metadata)));
        Assert.Equal(document.UpdatedAt, stored.UpdatedAt);
        Assert.Equal(2, await Tier.CountAsync(CancellationToken.None));

        Assert.True(await Tier.DeleteAsync("a", CancellationToken.None));
        Assert.False(await Tier.DeleteAsync("a", CancellationToken.None));
        Assert.Null(await Tier.GetAsync("a", CancellationToken.None));
        Assert.Equal(1, await Tier.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnUnchangedDocumentIsNotRewritten()
    {
        var document = Document("a", [1, 0, 0, 0], metadata: """{"source": "wiki"}""");
        await Tier.UpsertAsync([document], CancellationToken.None);
        var versionBefore = await RowVersionAsync("a");

        // Same content hash and model; the metadata's key order and a later date are no change worth a rewrite.
        var again = document with { Metadata = """{ "source" : "wiki" }""", UpdatedAt = document.UpdatedAt.AddDays(1) };
        Assert.Equal(0, await Tier.UpsertAsync([again, again], CancellationToken.None));

        Assert.Equal(versionBefore, await RowVersionAsync("a"));
        Assert.Equal(document.UpdatedAt, (await Tier.GetAsync("a", CancellationToken.None))!.UpdatedAt);
    }

    [Fact]
    public async Task ANewBodyModelOrFieldRewritesTheRow()
    {
        var document = Document("a", [1, 0, 0, 0], body: "first");
        await Tier.UpsertAsync([document], CancellationToken.None);

        Assert.Equal(1, await Tier.UpsertAsync([Document("a", [0, 1, 0, 0], body: "second")], CancellationToken.None));
        Assert.Equal(1, await Tier.UpsertAsync([Document("a", [0, 0, 1, 0], body: "second") with { EmbeddingModel = "other-model" }], CancellationToken.None));
        Assert.Equal(1, await Tier.UpsertAsync([Document("a", [0, 0, 1, 0], body: "second", title: "Renamed") with { EmbeddingModel = "other-model" }], CancellationToken.None));

        var stored = await Tier.GetAsync("a", CancellationToken.None);
        Assert.Equal([0f, 0, 1, 0], stored!.Vector);
        Assert.Equal("other-model", stored.EmbeddingModel);
        Assert.Equal("Renamed", stored.Title);
        Assert.Equal(ContentHash.Of("second"), stored.ContentHash);
    }

    [Fact]
    public async Task ABatchWithADocumentOfTheWrongDimensionIsRefusedWholeSayingExpectedAndActual()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Tier.UpsertAsync([Document("a", [1, 0, 0, 0]), Document("b", [1, 0, 0])], CancellationToken.None));

        Assert.Equal("vector", error.ParamName);
        Assert.Contains("has 3 dimensions", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects 4", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Tier.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task MetadataThatIsNotAJsonObjectIsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            Tier.UpsertAsync([Document("a", [1, 0, 0, 0], metadata: "[1, 2]")], CancellationToken.None));

        Assert.Equal("metadata", error.ParamName);
    }

    [Fact]
    public async Task DocumentsReadForTheHotTierCarryTheSchemasFieldsInTheOrderAsked()
    {
        await Tier.UpsertAsync(
        [
            Document("a", [1, 0, 0, 0], title: "Alpha", metadata: """{"source": "wiki", "version": 2, "ignored": {"x": 1}}"""),
            Document("b", [0, 1, 0, 0], language: null, title: "Beta"),
        ], CancellationToken.None);

        var documents = await Tier.ReadForHotTierAsync(["b", "missing", "a"], CancellationToken.None);

        Assert.Equal(["b", "a"], documents.Select(document => document.Id));
        Assert.All(documents, document => document.Validate(Schema));
        var alpha = documents[1];
        Assert.Equal([1f, 0, 0, 0], alpha.Vector);
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "tidewater", ["language"] = "en", ["source"] = "wiki" }, alpha.Tags);
        Assert.Equal(new Dictionary<string, double> { ["updated_at"] = Fresh, ["version"] = 2 }, alpha.Numbers);
        Assert.Equal(new Dictionary<string, string> { ["title"] = "Alpha" }, alpha.Texts);
        Assert.Equal(new Dictionary<string, string> { ["tenant"] = "tidewater" }, documents[0].Tags);
    }

    [Fact]
    public async Task TheNewestDocumentsForAColdStartComeNewestFirstAndPerTenantWhenAsked()
    {
        await Tier.UpsertAsync(
        [
            Document("old", [1, 0, 0, 0], updatedAt: Retired),
            Document("new", [1, 0, 0, 0], updatedAt: Fresh),
            Document("newer", [1, 0, 0, 0], updatedAt: Fresh + 60),
            Document("other", [1, 0, 0, 0], tenant: "beancraft", updatedAt: Fresh + 120),
        ], CancellationToken.None);

        var newest = await Tier.ReadNewestForHotTierAsync(2, tenant: null, CancellationToken.None);
        var tidewater = await Tier.ReadNewestForHotTierAsync(10, "tidewater", CancellationToken.None);

        Assert.Equal(["other", "newer"], newest.Select(document => document.Id));
        Assert.Equal(["newer", "new", "old"], tidewater.Select(document => document.Id));
    }

    /// <summary>PostgreSQL's row version: a rewrite creates a new tuple with a new xmin.</summary>
    private Task<string> RowVersionAsync(string id) => Database.ScalarAsync<string>("SELECT xmin::text FROM documents WHERE id = $1", id);
}
