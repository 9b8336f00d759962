using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Embeddings;

/// <summary>The configuration section <c>Embeddings:AzureOpenAI</c>.</summary>
public sealed class AzureOpenAIEmbeddingOptions
{
    /// <summary><c>Embeddings:AzureOpenAI:Endpoint</c>: the resource's URL, e.g. <c>https://NAME.openai.azure.com/</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>Embeddings:AzureOpenAI:Deployment</c>: the embedding model's deployment name.</summary>
    [RegularExpression(
        "^[A-Za-z0-9._-]{1,64}$",
        ErrorMessage = "Embeddings:AzureOpenAI:Deployment must be 1 to 64 letters, digits, '.', '_' or '-'.")]
    public string? Deployment { get; set; }

    /// <summary>
    /// <c>Embeddings:AzureOpenAI:ApiKey</c>: optional; without it the service is reached with
    /// <c>DefaultAzureCredential</c> (managed identity in Azure, the developer's sign-in locally). Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// <c>Embeddings:AzureOpenAI:Dimensions</c>: optional; asks text-embedding-3 models for shorter vectors, and tells
    /// the vector index their length before the first call.
    /// </summary>
    [Range(1, 8192, ErrorMessage = "Embeddings:AzureOpenAI:Dimensions must be between {1} and {2}.")]
    public int? Dimensions { get; set; }
}
