using Microsoft.Extensions.AI;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>
/// The local model's embeddings of the replay's questions, computed once and cached on disk, given to the product in
/// place of the model: the replay times the caches, the tiers and the generator, not the model (whose cost per new text
/// is in the retrieval replay's notes). A text it was not given is an error, never a silent model call.
/// </summary>
internal sealed class PrecomputedEmbeddings(IReadOnlyDictionary<string, float[]> vectors) : IEmbeddingGenerator<string, Embedding<float>>
{
    // The embedding cache hands the model its normalised text (Unicode NFC, white space collapsed).
    private readonly Dictionary<string, float[]> normalized = Normalized(vectors);

    private readonly EmbeddingGeneratorMetadata metadata = new("precomputed", providerUri: null, LocalEmbeddingGenerator.DefaultModelId, LocalEmbeddingGenerator.ModelDimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var embeddings = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var value in values)
        {
            embeddings.Add(new Embedding<float>((normalized.TryGetValue(value, out var vector) || normalized.TryGetValue(EmbeddingCacheKey.Normalize(value), out vector))
                ? vector
                : throw new InvalidOperationException($"No precomputed embedding for '{value}'.")));
        }

        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    private static Dictionary<string, float[]> Normalized(IReadOnlyDictionary<string, float[]> vectors)
    {
        var normalized = new Dictionary<string, float[]>(vectors.Count, StringComparer.Ordinal);
        foreach (var (text, vector) in vectors)
        {
            normalized.TryAdd(EmbeddingCacheKey.Normalize(text), vector);
        }

        return normalized;
    }

    public void Dispose()
    {
    }
}
