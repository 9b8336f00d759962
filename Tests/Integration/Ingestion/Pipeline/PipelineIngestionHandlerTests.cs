using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>Queued messages handled by the pipeline on the real servers: one outcome per message, in the queue's order.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class PipelineIngestionHandlerTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task ADeleteThenANewVersionOfTheSameDocumentInOneBatchLeavesTheNewVersion()
    {
        var document = Corpus(perTenant: 1)[0];
        var handler = new PipelineIngestionHandler(Pipeline());
        await handler.HandleAsync([IngestionMessage.Upsert(document)], CancellationToken.None);
        var newer = document with { Body = document.Body + " Added later.", UpdatedAt = document.UpdatedAt.AddDays(1) };

        var outcomes = await handler.HandleAsync([IngestionMessage.Delete(document.Id, document.Tenant), IngestionMessage.Upsert(newer)], CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error));
        var chunks = ChunksOf(newer);
        Assert.Equal(chunks.Count, await Cold.CountAsync(CancellationToken.None));
        Assert.Equal(chunks[^1].Text, (await Cold.GetAsync(chunks[^1].Id, CancellationToken.None))?.Body);
    }

    [Fact]
    public async Task AnUpsertThenADeleteOfTheSameDocumentInOneBatchLeavesNothing()
    {
        var document = Corpus(perTenant: 1)[0];
        var handler = new PipelineIngestionHandler(Pipeline());

        var outcomes = await handler.HandleAsync([IngestionMessage.Upsert(document), IngestionMessage.Delete(document.Id, document.Tenant)], CancellationToken.None);

        Assert.All(outcomes, outcome => Assert.True(outcome.Succeeded, outcome.Error));
        Assert.Equal(0, await Cold.CountAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnInvalidDocumentIsRejectedAloneWithItsReasonAndTheOthersAreWritten()
    {
        var documents = Corpus(perTenant: 1);
        var invalid = documents[0] with { Metadata = "[1]" };
        var handler = new PipelineIngestionHandler(Pipeline());

        var outcomes = await handler.HandleAsync([IngestionMessage.Upsert(invalid), .. documents.Skip(1).Select(IngestionMessage.Upsert)], CancellationToken.None);

        Assert.False(outcomes[0].Succeeded);
        Assert.True(outcomes[0].Final, "an invalid document is not delivered again");
        Assert.Contains("metadata", outcomes[0].Error, StringComparison.OrdinalIgnoreCase);
        Assert.All(outcomes.Skip(1), outcome => Assert.True(outcome.Succeeded, outcome.Error));
        Assert.Equal(documents.Skip(1).Sum(document => ChunksOf(document).Count), await Cold.CountAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("body")]
    [InlineData("title")]
    [InlineData("metadata")]
    public async Task ADocumentWhoseDataPostgresRefusesIsRejectedAloneAndTheRestOfItsBatchIsWritten(string field)
    {
        var documents = Corpus(perTenant: 2);
        // A NUL character, as text extracted from a binary file may hold: valid JSON and .NET text, not PostgreSQL text or jsonb.
        var poison = field switch
        {
            "body" => documents[1] with { Body = documents[1].Body + " Scanned\u0000page." },
            "title" => documents[1] with { Title = "Scanned\u0000menu" },
            _ => documents[1] with { Metadata = """{"source":"scan\u0000.pdf"}""" },
        };
        var handler = new PipelineIngestionHandler(Pipeline());

        var outcomes = await handler.HandleAsync([.. new[] { documents[0], poison, documents[2], documents[3] }.Select(IngestionMessage.Upsert)], CancellationToken.None);

        Assert.Equal([true, false, true, true], outcomes.Select(outcome => outcome.Succeeded));
        Assert.True(outcomes[1].Final);
        Assert.StartsWith("PostgreSQL refused the document (22", outcomes[1].Error, StringComparison.Ordinal);
        Assert.Equal(new[] { 0, 2, 3 }.Sum(index => ChunksOf(documents[index]).Count), await Cold.CountAsync(CancellationToken.None));
        Assert.Empty((await Cold.ReadChunkHashesAsync([poison.Id], CancellationToken.None))[poison.Id]);
    }
}
