using Azure;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.AI;

namespace RedisAspire.Core.Embeddings;

/// <summary>Builds the embedding generator <see cref="EmbeddingOptions.Provider"/> names. Building makes no network call.</summary>
internal static class EmbeddingGeneratorFactory
{
    /// <summary>The uncached generator for <paramref name="options"/>; <paramref name="credential"/> replaces <c>DefaultAzureCredential</c>.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingOptions options, TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            EmbeddingProvider.Local => new LocalEmbeddingGenerator(options.Local),
            EmbeddingProvider.AzureOpenAI => CreateAzureOpenAI(options.AzureOpenAI, credential),
            _ => throw new ArgumentException($"Embeddings:Provider '{options.Provider}' is unknown; use Local or AzureOpenAI.", nameof(options)),
        };
    }

    /// <summary>
    /// The model segment of the cache keys: the local model's name, or the Azure deployment's, followed by
    /// <c>@DIMENSIONS</c> when Embeddings:AzureOpenAI:Dimensions shortens its vectors.
    /// </summary>
    public static string CacheModelId(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            EmbeddingProvider.AzureOpenAI when options.AzureOpenAI.Dimensions is { } dimensions => $"{options.AzureOpenAI.Deployment}@{dimensions}",
            EmbeddingProvider.AzureOpenAI => options.AzureOpenAI.Deployment ?? "",
            _ => options.Local.Model,
        };
    }

    /// <summary>How the Azure OpenAI generator authenticates, for logs: never the key itself.</summary>
    public static string DescribeCredential(AzureOpenAIEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrEmpty(options.ApiKey) ? nameof(DefaultAzureCredential) : "API key";
    }

    private static IEmbeddingGenerator<string, Embedding<float>> CreateAzureOpenAI(AzureOpenAIEmbeddingOptions options, TokenCredential? credential)
    {
        var endpoint = options.Endpoint
            ?? throw new ArgumentException("Embeddings:AzureOpenAI:Endpoint is required when Embeddings:Provider is AzureOpenAI.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Deployment))
        {
            throw new ArgumentException("Embeddings:AzureOpenAI:Deployment is required when Embeddings:Provider is AzureOpenAI.", nameof(options));
        }

        var client = string.IsNullOrEmpty(options.ApiKey)
            ? new AzureOpenAIClient(endpoint, credential ?? new DefaultAzureCredential())
            : new AzureOpenAIClient(endpoint, new AzureKeyCredential(options.ApiKey));
        return client.GetEmbeddingClient(options.Deployment).AsIEmbeddingGenerator(options.Dimensions);
    }
}
