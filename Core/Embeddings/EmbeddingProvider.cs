namespace RedisAspire.Core.Embeddings;

/// <summary>Which embedding generator <c>Embeddings:Provider</c> chooses.</summary>
public enum EmbeddingProvider
{
    /// <summary>all-MiniLM-L6-v2 run in this process: no key, no network.</summary>
    Local,

    /// <summary>An Azure OpenAI embedding deployment.</summary>
    AzureOpenAI,
}
