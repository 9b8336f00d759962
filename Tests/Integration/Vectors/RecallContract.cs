using System.Numerics.Tensors;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>HNSW against exact search, on real embeddings of real text (5,000 paragraphs of the PostgreSQL manual), for each engine.</summary>
public abstract class RecallContract(ITestOutputHelper output)
{
    private const int Documents = 5000;
    private const int K = 10;

    /// <summary>The connection, or null when the engine's server is not reachable (the test is then skipped).</summary>
    protected abstract IConnectionMultiplexer? Redis { get; }

    /// <summary>Why the test is skipped; null when it runs.</summary>
    protected abstract string? SkipReason { get; }

    /// <summary>Creates the engine's index for <paramref name="schema"/>.</summary>
    protected abstract IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema);

    /// <summary>Deletes everything the index left in Redis.</summary>
    protected abstract Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index);

    [SkippableFact]
    public async Task AtTheDefaultParametersRecallAt10IsAtLeast95Percent()
    {
        Skip.If(Redis is null, SkipReason);
        var vectors = await ManualEmbeddings.LoadAsync();
        var corpus = vectors[..Documents];
        var queries = vectors[Documents..];
        var index = Create(Redis, new VectorIndexSchema { Name = $"recall{Guid.NewGuid():N}", KeyPrefix = $"recall{Guid.NewGuid():N}:", Dimension = LocalEmbeddingGenerator.ModelDimensions });
        try
        {
            foreach (var chunk in Enumerable.Range(0, Documents).Chunk(100))
            {
                await Task.WhenAll(chunk.Select(document => index.UpsertAsync(new VectorDocument(
                    $"p{document}", corpus[document], new Dictionary<string, string>(), new Dictionary<string, double>(), new Dictionary<string, string>()),
                    CancellationToken.None)));
            }

            var found = 0;
            foreach (var query in queries)
            {
                var approximate = (await index.SearchAsync(new KnnQuery { Vector = query, K = K }, CancellationToken.None)).Hits.Select(hit => hit.Id);
                found += approximate.Intersect(ExactNearest(corpus, query)).Count();
            }

            var recall = found / (double)(queries.Length * K);
            output.WriteLine(
                $"{index.Engine}: recall@{K} {recall:0.000} over {queries.Length} queries on {Documents} vectors of {LocalEmbeddingGenerator.ModelDimensions} dimensions " +
                $"(defaults: M {index.Schema.M}, EF construction {index.Schema.EfConstruction}, EF {index.Schema.QueryEf(K, requested: null)})");
            Assert.True(recall >= 0.95, $"recall@{K} {recall:0.000}");
        }
        finally
        {
            await DeleteAsync(Redis, index);
        }
    }

    /// <summary>Brute force: the vectors are unit length, so the dot product is the cosine.</summary>
    private static IEnumerable<string> ExactNearest(float[][] corpus, float[] query) =>
        corpus.Select((vector, position) => (Position: position, Cosine: TensorPrimitives.Dot(vector, query)))
            .OrderByDescending(candidate => candidate.Cosine)
            .Take(K)
            .Select(candidate => $"p{candidate.Position}");
}
