using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Core.Ingestion;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>Documents ingested again, unchanged or edited: only what changed is embedded and written.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ReingestingTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task IngestingTheSameDocumentsAgainEmbedsNothingAndRewritesNoRow()
    {
        var documents = Corpus();
        var first = await Import().IngestAsync(Stream(documents), progress: null, CancellationToken.None);
        var rows = await RowsAsync();
        var embedded = Embeddings.TextsEmbedded;

        var again = await Import().IngestAsync(Stream(documents), progress: null, CancellationToken.None);

        Assert.Equal(embedded, Embeddings.TextsEmbedded);
        Assert.Equal(rows, await RowsAsync());
        Assert.Empty(again.Failures);
        Assert.Equal(
            (documents.Count, 0, first.Chunks, 0, 0, first.Chunks, 0),
            (again.DocumentsUnchanged, again.DocumentsWritten, again.Chunks, again.ChunksEmbedded, again.ChunksWritten, again.ChunksUnchanged, again.ChunksDeleted));
    }

    [Fact]
    public async Task ProcessingTheSameBatchTwiceChangesNothingTheSecondTime()
    {
        var documents = Corpus(2);
        var pipeline = Pipeline();
        await pipeline.ProcessBatchAsync([.. documents.Skip(1)], [], CancellationToken.None);
        var batch = (Upserts: documents.Take(3).ToList(), Deletes: new List<(string, string)> { (documents[3].Id, documents[3].Tenant) });

        var first = await pipeline.ProcessBatchAsync(batch.Upserts, batch.Deletes, CancellationToken.None);
        var rows = await RowsAsync();
        var embedded = Embeddings.TextsEmbedded;
        var second = await pipeline.ProcessBatchAsync(batch.Upserts, batch.Deletes, CancellationToken.None);

        Assert.Equal(
            [DocumentStatus.Written, DocumentStatus.Unchanged, DocumentStatus.Unchanged, DocumentStatus.Deleted],
            first.Select(outcome => outcome.Status));
        Assert.Equal(
            [DocumentStatus.Unchanged, DocumentStatus.Unchanged, DocumentStatus.Unchanged, DocumentStatus.NotFound],
            second.Select(outcome => outcome.Status));
        Assert.All(second, outcome => Assert.Equal((0, 0, 0), (outcome.ChunksEmbedded, outcome.ChunksWritten, outcome.ChunksDeleted)));
        Assert.Equal(embedded, Embeddings.TextsEmbedded);
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact]
    public async Task EditingOneParagraphEmbedsAndRewritesOnlyTheChunksThatHoldIt()
    {
        var original = Corpus(1)[0];
        await Pipeline().ProcessBatchAsync([original], [], CancellationToken.None);
        var rowsBefore = await RowsAsync();

        // Upper case changes every word of the paragraph but no word count, sentence end or paragraph break, so
        // chunk boundaries stay where they were.
        var paragraphs = original.Body.Split("\n\n");
        paragraphs[^1] = paragraphs[^1].ToUpperInvariant();
        var edited = original with { Body = string.Join("\n\n", paragraphs) };
        var changed = ChunksOf(original).Zip(ChunksOf(edited)).Where(pair => pair.First.Text != pair.Second.Text).Select(pair => pair.Second).ToList();
        var calls = Embeddings.Calls.Count;

        var outcome = Assert.Single(await Pipeline().ProcessBatchAsync([edited], [], CancellationToken.None));

        Assert.Equal(ChunksOf(original).Count, ChunksOf(edited).Count);
        Assert.InRange(changed.Count, 1, ChunksOf(edited).Count - 1);
        Assert.Equal(
            changed.Select(chunk => EmbeddedText.Of(edited.Title, chunk.Text)),
            Embeddings.Calls.Skip(calls).SelectMany(call => call));
        Assert.Equal(
            (DocumentStatus.Written, changed.Count, changed.Count, ChunksOf(edited).Count - changed.Count, 0),
            (outcome.Status, outcome.ChunksEmbedded, outcome.ChunksWritten, outcome.ChunksUnchanged, outcome.ChunksDeleted));
        var changedIds = changed.Select(chunk => chunk.Id).ToHashSet();
        Assert.Equal(
            rowsBefore.Where(row => !changedIds.Contains(row.Split(' ')[0])),
            (await RowsAsync()).Where(row => !changedIds.Contains(row.Split(' ')[0])));
    }

    [Fact]
    public async Task ShrinkingADocumentDeletesItsTrailingChunksFromBothTiers()
    {
        var original = Corpus(1)[0];
        await Pipeline().ProcessBatchAsync([original], [], CancellationToken.None);
        var before = ChunksOf(original);
        await LoadHotAsync(before.Select(chunk => chunk.Id));
        var shrunk = original with { Body = string.Join(' ', original.Body.Split(' ').Take(30)) };
        var after = ChunksOf(shrunk);

        var outcome = Assert.Single(await Pipeline().ProcessBatchAsync([shrunk], [], CancellationToken.None));

        var gone = before.Skip(after.Count).Select(chunk => chunk.Id).ToList();
        Assert.Equal(before.Count - after.Count, outcome.ChunksDeleted);
        Assert.NotEmpty(gone);
        var stored = await Cold.ReadChunkHashesAsync([original.Id], CancellationToken.None);
        Assert.Equal(after.Select(chunk => chunk.Id).Order(), stored[original.Id].Select(chunk => chunk.Id).Order());
        Assert.Equal(after.Select(chunk => chunk.Id).Order(), (await Hot.ContainsAsync([.. before.Select(chunk => chunk.Id)], CancellationToken.None)).Order());
    }

    [Fact]
    public async Task OfSeveralOperationsOnOneDocumentInABatchTheLastWins()
    {
        var first = Corpus(1)[0];
        var second = first with { Body = first.Body.ToUpperInvariant() };

        var upserted = await Pipeline().ProcessBatchAsync([first, second], [], CancellationToken.None);
        var deleted = await Pipeline().ProcessBatchAsync([first], [(first.Id, first.Tenant)], CancellationToken.None);

        Assert.Equal([DocumentStatus.Superseded, DocumentStatus.Written], upserted.Select(outcome => outcome.Status));
        Assert.Equal(ChunksOf(second).Count, upserted[1].ChunksEmbedded);
        Assert.Equal([DocumentStatus.Superseded, DocumentStatus.Deleted], deleted.Select(outcome => outcome.Status));
        Assert.Equal(0, await Cold.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnOlderVersionDeliveredAfterANewerOneIsLeftAlone()
    {
        var newer = Corpus(1)[0];
        var older = newer with { Body = newer.Body.ToUpperInvariant(), UpdatedAt = newer.UpdatedAt.AddDays(-1) };
        await Pipeline().ProcessBatchAsync([newer], [], CancellationToken.None);
        var rows = await RowsAsync();

        var outcome = Assert.Single(await Pipeline().ProcessBatchAsync([older], [], CancellationToken.None));

        Assert.Equal(DocumentStatus.Stale, outcome.Status);
        Assert.Equal(rows, await RowsAsync());
    }
}
