using System.Diagnostics;
using Microsoft.Extensions.AI;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>HNSW against exact search, on real embeddings of real text (5,000 paragraphs of the PostgreSQL manual).</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsRecallTests(LocalServersFixture servers, ITestOutputHelper output)
{
    private const int Documents = 5000;
    private const int Queries = 200;
    private const int K = 10;

    [Fact]
    public async Task AtTheDefaultParametersRecallAt10IsAtLeast95Percent()
    {
        var watch = Stopwatch.StartNew();
        var passages = ManualPassages.Load(Documents + Queries);
        using var model = new LocalEmbeddingGenerator();
        var vectors = (await model.GenerateAsync(passages)).Select(embedding => embedding.Vector.ToArray()).ToArray();
        var embedded = watch.Elapsed;
        var corpus = vectors[..Documents];
        var queries = vectors[Documents..];

        await using var redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        var index = new VectorSetsIndex(redis, new VectorIndexSchema { Name = $"vset:recall:{Guid.NewGuid():N}", Dimension = LocalEmbeddingGenerator.ModelDimensions });
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

            var recall = found / (double)(Queries * K);
            output.WriteLine($"recall@{K} {recall:0.000} over {Queries} queries on {Documents} vectors of {LocalEmbeddingGenerator.ModelDimensions} dimensions (defaults: Q8, M 16, EF construction 64, EF {VectorSetsIndex.DefaultEf(K)}); embedding took {embedded.TotalSeconds:0.0} s, all {watch.Elapsed.TotalSeconds:0.0} s");
            Assert.True(recall >= 0.95, $"recall@{K} {recall:0.000}");
        }
        finally
        {
            await redis.GetDatabase().KeyDeleteAsync(index.SetKey);
        }
    }

    /// <summary>Brute force: the vectors are unit length, so the dot product is the cosine.</summary>
    private static IEnumerable<string> ExactNearest(float[][] corpus, float[] query) =>
        corpus.Select((vector, position) => (Position: position, Cosine: Dot(vector, query)))
            .OrderByDescending(candidate => candidate.Cosine)
            .Take(K)
            .Select(candidate => $"p{candidate.Position}");

    private static float Dot(float[] left, float[] right) => System.Numerics.Tensors.TensorPrimitives.Dot(left, right);
}
