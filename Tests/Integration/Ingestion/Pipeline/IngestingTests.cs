using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>Sample-corpus documents imported through the pipeline into the real PostgreSQL.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class IngestingTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task EveryChunkIsStoredWithItsDocumentTenantTitleAndTheHashOfWhatWasEmbedded()
    {
        var documents = Corpus();
        var expected = documents.Sum(document => ChunksOf(document).Count);

        var report = await Import().IngestAsync(Stream(documents), progress: null, CancellationToken.None);

        Assert.Empty(report.Failures);
        Assert.Equal((6, 6, expected, expected, expected, 0, 0), (report.Documents, report.DocumentsWritten, report.Chunks, report.ChunksEmbedded, report.ChunksWritten, report.ChunksUnchanged, report.ChunksDeleted));
        Assert.True(expected > 2 * documents.Count, "the documents have several chunks each");
        Assert.Equal(expected, await Cold.CountAsync(CancellationToken.None));
        Assert.Equal(expected, Embeddings.TextsEmbedded);
        foreach (var document in documents)
        {
            foreach (var chunk in ChunksOf(document))
            {
                var stored = await Cold.GetAsync(chunk.Id, CancellationToken.None);
                Assert.NotNull(stored);
                Assert.Equal(
                    (document.Id, document.Tenant, document.Language, document.Title, chunk.Text, document.UpdatedAt, EmbeddedText.HashOf(document.Title, chunk.Text), "word-hash"),
                    (stored.DocumentId, stored.Tenant, stored.Language, stored.Title, stored.Body, stored.UpdatedAt, stored.ContentHash, stored.EmbeddingModel));
                Assert.Equal(Embeddings.VectorOf(EmbeddedText.Of(document.Title, chunk.Text)), stored.Vector);
            }
        }
    }

    [Fact]
    public async Task IngestedChunksAreFoundByTheColdTiersSearch()
    {
        var documents = Corpus();
        await Import().IngestAsync(Stream(documents), progress: null, CancellationToken.None);

        foreach (var document in documents)
        {
            var chunk = ChunksOf(document)[1];
            var query = new KnnQuery
            {
                Vector = Embeddings.VectorOf(EmbeddedText.Of(document.Title, chunk.Text)),
                K = 3,
                Filter = new VectorFilter { Tenant = document.Tenant },
            };

            var result = await Cold.SearchAsync(query, CancellationToken.None);

            Assert.Equal(chunk.Id, result.Hits[0].Id);
            Assert.Equal(document.Title, result.Hits[0].Fields["title"]);
        }
    }

    [Fact]
    public async Task NewDocumentsStayOutOfTheHotTierWhichHoldsOnlyTheHotSet()
    {
        await Import().IngestAsync(Stream(Corpus()), progress: null, CancellationToken.None);

        Assert.Equal(0, await Hot.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ProgressIsReportedUntilEveryDocumentIsDone()
    {
        var documents = Corpus();
        var reports = new List<IngestionProgress>();

        var report = await Import(options => options.WriteBatchSize = 2).IngestAsync(
            Stream(documents), new SynchronousProgress<IngestionProgress>(reports.Add), CancellationToken.None);

        Assert.NotEmpty(reports);
        Assert.Equal(documents.Count, reports.Max(progress => progress.DocumentsDone));
        Assert.Equal(report.ChunksEmbedded, reports.Max(progress => progress.ChunksEmbedded));
        Assert.InRange(report.PeakDocumentsInFlight, 1, documents.Count);
    }
}
