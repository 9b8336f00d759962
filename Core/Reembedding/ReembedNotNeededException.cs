using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Reembedding;

/// <summary>A re-embedding was asked for with the model the live version already embeds with, without force.</summary>
public sealed class ReembedNotNeededException(EmbeddingVersion live)
    : InvalidOperationException($"Version {live.Number} already embeds with {live.Model}; send force: true to embed every document again with it.")
{
    /// <summary>The live version.</summary>
    public EmbeddingVersion Live { get; } = live;
}
