using RedisAspire.Core.Embeddings;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// Real embeddings for recall checks: the local model's vectors of the first manual passages, computed once per test
/// run (about a minute on two cores) and shared by every engine's recall test.
/// </summary>
internal static class ManualEmbeddings
{
    /// <summary>How many passages are embedded: the corpus, then the queries.</summary>
    public const int Count = 5200;

    private static readonly Lazy<Task<float[][]>> Vectors = new(EmbedAsync);

    public static Task<float[][]> LoadAsync() => Vectors.Value;

    private static async Task<float[][]> EmbedAsync()
    {
        using var model = new LocalEmbeddingGenerator();
        var embeddings = await model.GenerateAsync(ManualPassages.Load(Count));
        return [.. embeddings.Select(embedding => embedding.Vector.ToArray())];
    }
}
