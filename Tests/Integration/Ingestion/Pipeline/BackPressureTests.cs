using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Core.Ingestion;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>An import behind a slow model holds no more documents than its bound.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class BackPressureTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    private const int Bound = 4;

    [Fact]
    public async Task AnImportNeverHoldsMoreDocumentsThanMaxDocumentsInFlight()
    {
        var documents = Corpus(10);
        var source = new CountingSource(documents);
        var boundReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.Taken = taken =>
        {
            if (taken == Bound)
            {
                boundReached.TrySetResult();
            }
        };

        // The model answers nothing until the reader has filled every slot: if the bound did not hold, the reader
        // would take more documents meanwhile, and the source would see it.
        Embeddings.BeforeCall = (_, cancellationToken) => boundReached.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        var report = await Import(
            options =>
            {
                options.WriteBatchSize = 2;
                options.EmbedBatchSize = 2;
            },
            new StagedImportOptions { MaxDocumentsInFlight = Bound, ChannelCapacity = 64 }).IngestAsync(source.ReadAsync(), source, CancellationToken.None);

        Assert.Empty(report.Failures);
        Assert.Equal(documents.Count, report.DocumentsWritten);
        Assert.Equal(Bound, source.MostHeld);
        Assert.Equal(Bound, report.PeakDocumentsInFlight);
        Assert.Equal(documents.Sum(document => ChunksOf(document).Count), await Cold.CountAsync(CancellationToken.None));
    }

    /// <summary>
    /// A source that counts what it hands out against what progress reports as done (which the pipeline reports
    /// before it frees a document's slot): the difference is what the pipeline holds.
    /// </summary>
    private sealed class CountingSource(IReadOnlyList<SourceDocument> documents) : IProgress<IngestionProgress>
    {
        private readonly Lock gate = new();
        private int taken;
        private int done;

        public Action<int>? Taken { get; set; }

        public int MostHeld { get; private set; }

        public async IAsyncEnumerable<SourceDocument> ReadAsync()
        {
            foreach (var document in documents)
            {
                await Task.Yield();
                int count;
                lock (gate)
                {
                    count = ++taken;
                    MostHeld = Math.Max(MostHeld, taken - done);
                }

                Taken?.Invoke(count);
                yield return document;
            }
        }

        public void Report(IngestionProgress value)
        {
            lock (gate)
            {
                done = Math.Max(done, value.DocumentsDone);
            }
        }
    }
}
