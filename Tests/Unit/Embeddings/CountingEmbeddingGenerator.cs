using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace RedisAspire.Tests.Unit.Embeddings;

/// <summary>
/// A generator that records every call and returns a vector derived from the text (its length and first character),
/// so results can be checked without a model.
/// </summary>
public sealed class CountingEmbeddingGenerator(string modelId = "test-model") : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConcurrentQueue<string[]> calls = new();
    private readonly ConcurrentQueue<EmbeddingGenerationOptions?> options = new();

    /// <summary>The texts of every call, in call order.</summary>
    public IReadOnlyList<string[]> Calls => [.. calls];

    /// <summary>The options of every call, in call order.</summary>
    public IReadOnlyList<EmbeddingGenerationOptions?> Options => [.. options];

    public static float[] VectorOf(string text) => [text.Length, text.Length == 0 ? 0 : text[0], 1];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        calls.Enqueue(texts);
        this.options.Enqueue(options);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(
            texts.Select(text => new Embedding<float>(VectorOf(text)) { ModelId = modelId })));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, modelId, 3) : null;

    public void Dispose()
    {
    }
}
