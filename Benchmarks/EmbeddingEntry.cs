using Microsoft.Extensions.AI;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Benchmarks;

/// <summary>
/// What the embedding cache holds for one text: a 384-dimension unit vector at full float precision, as a model returns
/// it (about 4.8 KB as System.Text.Json, 1,536 bytes as float32), with its model id and creation time.
/// </summary>
internal static class EmbeddingEntry
{
    public const string Model = "all-MiniLM-L6-v2";
    public const string Text = "How should insulin be stored?";

    /// <summary>The same value on every run (a fixed seed), normalised like the local model's vectors.</summary>
    public static CachedEmbedding Create()
    {
        var random = new Random(384);
        var vector = new float[EmbeddingPayload.VectorLength];
        for (var i = 0; i < vector.Length; i++)
        {
            // Box-Muller: normally distributed components, so the unit vector looks like a real embedding.
            vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        var norm = MathF.Sqrt(vector.Sum(component => component * component));
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] /= norm;
        }

        return new CachedEmbedding(vector, Model, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    }

    /// <summary>A model that returns the entry and counts its calls: a hit never calls it.</summary>
    public sealed class CountingModel(CachedEmbedding entry, Action called) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            called();
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(
                values.Select(_ => new Embedding<float>(entry.Vector) { ModelId = entry.ModelId, CreatedAt = entry.CreatedAt })));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
