using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Core.Ingestion;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>A bad document fails alone; a failing server or model fails its batch without writing half of it.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class FailureTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task AnInvalidDocumentInAnImportIsReportedWithTheFieldAndTheOthersAreWritten()
    {
        var documents = Corpus(2).ToList();
        documents[1] = documents[1] with { Tenant = " " };
        documents[2] = documents[2] with { Metadata = "[1, 2]" };

        var report = await Import().IngestAsync(Stream(documents), progress: null, CancellationToken.None);

        Assert.Equal([documents[1].Id, documents[2].Id], report.Failures.Select(failure => failure.DocumentId));
        Assert.Contains("tenant", report.Failures[0].Error, StringComparison.Ordinal);
        Assert.Contains("metadata", report.Failures[1].Error, StringComparison.Ordinal);
        Assert.Equal((4, 2), (report.Documents, report.DocumentsWritten));
        var stored = await Cold.ReadChunkHashesAsync([.. documents.Select(document => document.Id)], CancellationToken.None);
        Assert.Equal([true, false, false, true], documents.Select(document => stored[document.Id].Count > 0));
    }

    [Fact]
    public async Task AnInvalidDocumentInABatchFailsAloneSoEveryOtherMessageCanBeAcknowledged()
    {
        var documents = Corpus(1);
        var tooLong = documents[0] with { Id = new string('x', DocumentChunker.MaxDocumentIdLength + 1) };

        var outcomes = await Pipeline().ProcessBatchAsync([tooLong, documents[1]], [("bad id", "harbor-bistro")], CancellationToken.None);

        Assert.Equal([DocumentStatus.Failed, DocumentStatus.Written, DocumentStatus.Failed], outcomes.Select(outcome => outcome.Status));
        Assert.StartsWith("id has", outcomes[0].Error, StringComparison.Ordinal);
        Assert.Contains("id", outcomes[2].Error, StringComparison.Ordinal);
        Assert.Equal([false, true, false], outcomes.Select(outcome => outcome.Succeeded));
        Assert.Equal(ChunksOf(documents[1]).Count, await Cold.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ABatchWhoseEmbeddingFailsIsReportedAndTheImportGoesOn()
    {
        var documents = Corpus(2);
        var poisoned = documents[2];
        Embeddings.BeforeCall = (texts, _) => texts.Any(text => text.StartsWith(poisoned.Title!, StringComparison.Ordinal))
            ? throw new InvalidOperationException("The model refused the text.")
            : Task.CompletedTask;

        // One document's chunks per embedding call, so the failure stays with it.
        var report = await Import(options => options.EmbedBatchSize = 1).IngestAsync(Stream(documents), progress: null, CancellationToken.None);

        var failure = Assert.Single(report.Failures);
        Assert.Equal(poisoned.Id, failure.DocumentId);
        Assert.Contains("The model refused the text.", failure.Error, StringComparison.Ordinal);
        Assert.Equal(3, report.DocumentsWritten);
        Assert.Empty((await Cold.ReadChunkHashesAsync([poisoned.Id], CancellationToken.None))[poisoned.Id]);
    }

    [Fact]
    public async Task WhenTheHotTierFailsTheBatchIsRolledBackAndDeliveringItAgainBringsBothTiersAlong()
    {
        var document = Corpus(1)[0];
        await Pipeline().ProcessBatchAsync([document], [], CancellationToken.None);
        var chunk = ChunksOf(document)[0];
        await LoadHotAsync([chunk.Id]);
        var rows = await RowsAsync();
        var renamed = document with { Title = "Oysters, revised" };
        var failing = new FailingHotTier(Hot);

        await Assert.ThrowsAsync<RedisException>(() => Pipeline(hot: failing).ProcessBatchAsync([renamed], [], CancellationToken.None));
        Assert.Equal(rows, await RowsAsync());

        failing.Failing = false;
        var outcome = Assert.Single(await Pipeline(hot: failing).ProcessBatchAsync([renamed], [], CancellationToken.None));

        Assert.Equal(DocumentStatus.Written, outcome.Status);
        Assert.Equal("Oysters, revised", (await Cold.GetAsync(chunk.Id, CancellationToken.None))!.Title);
        Assert.Equal("Oysters, revised", (await Hot.GetAsync(chunk.Id, CancellationToken.None))!.Texts["title"]);
    }
}
