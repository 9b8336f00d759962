using RedisAspire.Core.Ingestion;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>The hot tier follows changes to the chunks it holds, and only to those.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class HotTierUpdateTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task AChunkInTheHotTierIsReplacedThereWhenItsDocumentChangesAndChunksNotThereAreNotAdded()
    {
        var documents = Corpus(1);
        await Pipeline().ProcessBatchAsync(documents, [], CancellationToken.None);
        var hotChunk = ChunksOf(documents[0])[0];
        await LoadHotAsync([hotChunk.Id]);

        // A new title changes what every chunk embeds, so every chunk is rewritten.
        var renamed = documents.Select(document => document with { Title = $"{document.Title}, revised", UpdatedAt = document.UpdatedAt.AddHours(1) }).ToList();
        var outcomes = await Pipeline().ProcessBatchAsync(renamed, [], CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.Equal((DocumentStatus.Written, outcome.Chunks), (outcome.Status, outcome.ChunksWritten)));
        Assert.Equal(1, await Hot.CountAsync(CancellationToken.None));
        var held = await Hot.GetAsync(hotChunk.Id, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Equal(renamed[0].Title, held.Texts["title"]);
        Assert.Equal(renamed[0].UpdatedAt.ToUnixTimeSeconds(), held.Numbers["updated_at"]);
        var expected = Embeddings.VectorOf(EmbeddedText.Of(renamed[0].Title, hotChunk.Text));
        Assert.All(expected.Zip(held.Vector), pair => Assert.Equal(pair.First, pair.Second, 5));
    }

    [Fact]
    public async Task AChangeOfLanguageRewritesTheChunksWithoutEmbeddingThemAndUpdatesTheHotCopy()
    {
        var document = Corpus(1)[0];
        await Pipeline().ProcessBatchAsync([document], [], CancellationToken.None);
        var chunks = ChunksOf(document);
        await LoadHotAsync([chunks[0].Id]);
        var embedded = Embeddings.TextsEmbedded;

        var outcome = Assert.Single(await Pipeline().ProcessBatchAsync([document with { Language = "cy" }], [], CancellationToken.None));

        Assert.Equal((DocumentStatus.Written, 0, chunks.Count), (outcome.Status, outcome.ChunksEmbedded, outcome.ChunksWritten));
        Assert.Equal(embedded, Embeddings.TextsEmbedded);
        Assert.All(
            (await Cold.ReadChunkHashesAsync([document.Id], CancellationToken.None))[document.Id],
            chunk => Assert.Equal("cy", chunk.Language));
        Assert.Equal("cy", (await Hot.GetAsync(chunks[0].Id, CancellationToken.None))!.Tags["language"]);
        Assert.Equal(1, await Hot.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnotherTenantCanNeitherTakeOverNorRemoveADocument()
    {
        var document = Corpus(1)[0];
        await Pipeline().ProcessBatchAsync([document], [], CancellationToken.None);
        var chunks = ChunksOf(document);
        await LoadHotAsync([chunks[0].Id]);

        IReadOnlyList<DocumentOutcome> outcomes =
        [
            .. await Pipeline().ProcessBatchAsync([document with { Tenant = "harbor-bistro-north" }], [], CancellationToken.None),
            .. await Pipeline().ProcessBatchAsync([], [(document.Id, "st-aidan-clinic")], CancellationToken.None),
        ];

        Assert.All(outcomes, outcome =>
        {
            Assert.Equal(DocumentStatus.Failed, outcome.Status);
            Assert.Contains("belongs to another tenant", outcome.Error, StringComparison.Ordinal);
        });
        Assert.All(
            (await Cold.ReadChunkHashesAsync([document.Id], CancellationToken.None))[document.Id],
            chunk => Assert.Equal(document.Tenant, chunk.Tenant));
        Assert.Equal(chunks.Count, (await Cold.ReadChunkHashesAsync([document.Id], CancellationToken.None))[document.Id].Count);
        Assert.Equal(document.Tenant, (await Hot.GetAsync(chunks[0].Id, CancellationToken.None))!.Tags["tenant"]);
    }
}
