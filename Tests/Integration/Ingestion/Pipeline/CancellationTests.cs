using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>An import cancelled midway stops every stage and says so.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class CancellationTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task CancellingAnImportStopsItWithoutWritingTheBatchInTheModel()
    {
        using var cancellation = new CancellationTokenSource();
        Embeddings.BeforeCall = async (_, cancellationToken) =>
        {
            await cancellation.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };

        var import = Import(bounds: new StagedImportOptions { MaxDocumentsInFlight = 2 }).IngestAsync(Stream(Corpus(10)), progress: null, cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await Cold.CountAsync(CancellationToken.None));
    }
}
