using Microsoft.Extensions.AI;

namespace RedisAspire.ReplicaHost;

/// <summary>
/// Embeds with <paramref name="inner"/>, except that call number <paramref name="hangAtCall"/> never returns: the
/// process then holds its batch, part of it committed, until the test kills it; <paramref name="hanging"/> says so
/// first. Counts the texts it embedded.
/// </summary>
internal sealed class HangingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner, int hangAtCall, Func<Task> hanging)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private int calls;
    private int textsEmbedded;

    /// <summary>Texts embedded by calls that returned.</summary>
    public int TextsEmbedded => Volatile.Read(ref textsEmbedded);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Increment(ref calls) == hangAtCall)
        {
            await hanging();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var texts = values.ToArray();
        var embeddings = await inner.GenerateAsync(texts, options, cancellationToken);
        Interlocked.Add(ref textsEmbedded, texts.Length);
        return embeddings;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose() => inner.Dispose();
}
