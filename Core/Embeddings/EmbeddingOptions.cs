namespace RedisAspire.Core.Embeddings;

/// <summary>The configuration section <c>Embeddings</c>: which generator embeds, and how its results are cached.</summary>
public sealed class EmbeddingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Embeddings";

    /// <summary><c>Embeddings:Provider</c>: Local (the default) or AzureOpenAI.</summary>
    public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

    /// <summary><c>Embeddings:Local</c>: the in-process model.</summary>
    public LocalEmbeddingOptions Local { get; set; } = new();

    /// <summary><c>Embeddings:AzureOpenAI</c>: used when <see cref="Provider"/> is AzureOpenAI.</summary>
    public AzureOpenAIEmbeddingOptions AzureOpenAI { get; set; } = new();

    /// <summary><c>Embeddings:Cache</c>: how long embeddings are kept.</summary>
    public EmbeddingCacheOptions Cache { get; set; } = new();
}
