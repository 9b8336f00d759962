using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// A deterministic stand-in for an embedding model, for tests where the model's quality does not matter: each word
/// (lower-cased letters and digits) adds 1 to a dimension chosen by its hash, and the vector is scaled to unit length.
/// The same text always gives the same vector, texts sharing words are close, and a text's own vector finds it first.
/// Every call is recorded; <see cref="BeforeCall"/> lets a test hold calls back.
/// </summary>
internal sealed class WordHashEmbeddingGenerator(int dimensions = WordHashEmbeddingGenerator.DefaultDimensions, string modelId = "word-hash")
    : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int DefaultDimensions = 32;

    private readonly ConcurrentQueue<string[]> calls = new();

    /// <summary>Runs before each call with its texts; a test can make calls wait or fail here.</summary>
    public Func<IReadOnlyList<string>, CancellationToken, Task>? BeforeCall { get; set; }

    /// <summary>The texts of every call, in call order.</summary>
    public IReadOnlyList<string[]> Calls => [.. calls];

    /// <summary>How many texts were embedded in all.</summary>
    public int TextsEmbedded => calls.Sum(call => call.Length);

    public int Dimensions => dimensions;

    public float[] VectorOf(string text)
    {
        var vector = new float[dimensions];
        var word = new StringBuilder();
        foreach (var character in text.ToLowerInvariant().Append(' '))
        {
            if (char.IsLetterOrDigit(character))
            {
                word.Append(character);
            }
            else if (word.Length > 0)
            {
                var hash = SHA256.HashData(Encoding.UTF8.GetBytes(word.ToString()));
                vector[BitConverter.ToUInt32(hash) % (uint)dimensions] += 1;
                word.Clear();
            }
        }

        // A text without words still needs a direction: cosine is undefined for the zero vector.
        vector[0] += 0.01f;
        var norm = MathF.Sqrt(vector.Sum(component => component * component));
        return [.. vector.Select(component => component / norm)];
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToArray();
        calls.Enqueue(texts);
        if (BeforeCall is { } before)
        {
            await before(texts, cancellationToken);
        }

        return new GeneratedEmbeddings<Embedding<float>>(texts.Select(text => new Embedding<float>(VectorOf(text)) { ModelId = modelId }));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, modelId, dimensions) : null;

    public void Dispose()
    {
    }
}
