using RedisAspire.Core.Ingestion;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Pipeline;

/// <summary>Two writers of one document at once (a message redelivered while its first delivery is still running, say).</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ConcurrentWritersTests(LocalServersFixture servers) : PipelineOnServers(servers)
{
    [Fact]
    public async Task AWriterOvertakenByAnotherPlansAgainSoTheDocumentNeverMixesTwoVersions()
    {
        var original = Corpus(1)[0];
        await Pipeline().ProcessBatchAsync([original], [], CancellationToken.None);
        var paragraphs = original.Body.Split("\n\n");
        Assert.True(paragraphs.Length >= 2, "the document has several paragraphs");
        var mine = original with { Body = string.Join("\n\n", [paragraphs[0].ToUpperInvariant(), .. paragraphs[1..]]) };
        var theirs = original with { Body = string.Join("\n\n", [.. paragraphs[..^1], paragraphs[^1].ToUpperInvariant()]) };

        // Mine is planned against the original, then waits in its model while theirs is written.
        var slow = new WordHashEmbeddingGenerator();
        var planned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slow.BeforeCall = async (_, cancellationToken) =>
        {
            planned.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        };
        var writing = Pipeline(embeddings: slow).ProcessBatchAsync([mine], [], CancellationToken.None);
        await planned.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DocumentStatus.Written, Assert.Single(await Pipeline().ProcessBatchAsync([theirs], [], CancellationToken.None)).Status);
        release.SetResult();

        var outcome = Assert.Single(await writing);

        // Planned against the original, mine would leave their last chunk in place; planned again, it replaces it.
        Assert.Equal(DocumentStatus.Written, outcome.Status);
        var stored = (await Cold.ReadChunkHashesAsync([original.Id], CancellationToken.None))[original.Id];
        Assert.Equal(
            ChunksOf(mine).Select(chunk => (chunk.Id, EmbeddedText.HashOf(mine.Title, chunk.Text))).Order(),
            stored.Select(chunk => (chunk.Id, chunk.ContentHash)).Order());
    }
}
