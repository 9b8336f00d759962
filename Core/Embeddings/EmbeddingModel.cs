using System.Globalization;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// Which model made a set of vectors: the provider and the model's name as the cache keys spell it (a local model's
/// name, or an Azure OpenAI deployment followed by <c>@DIMENSIONS</c> when shortened). Two different values mean
/// vectors that cannot be compared, so changing the model re-embeds.
/// </summary>
public sealed record EmbeddingModel(EmbeddingProvider Provider, string Name)
{
    /// <summary>The model the configuration names.</summary>
    public static EmbeddingModel Configured(EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.Provider, EmbeddingGeneratorFactory.CacheModelId(options));
    }

    /// <summary>
    /// <paramref name="configured"/> with this model in place of its own: the same endpoint, key, batch size and cache
    /// settings, so a model recorded in the database can be built again from today's configuration.
    /// </summary>
    /// <exception cref="ArgumentException">The model cannot be built: a local model that does not exist, an Azure OpenAI model without an endpoint.</exception>
    public EmbeddingOptions ApplyTo(EmbeddingOptions configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var local = new LocalEmbeddingOptions
        {
            Model = configured.Local.Model,
            BatchSize = configured.Local.BatchSize,
            MaxInputCharacters = configured.Local.MaxInputCharacters,
            Threads = configured.Local.Threads,
        };
        var azure = new AzureOpenAIEmbeddingOptions
        {
            Endpoint = configured.AzureOpenAI.Endpoint,
            ApiKey = configured.AzureOpenAI.ApiKey,
            Deployment = configured.AzureOpenAI.Deployment,
            Dimensions = configured.AzureOpenAI.Dimensions,
        };
        switch (Provider)
        {
            case EmbeddingProvider.Local when LocalEmbeddingModels.IsKnown(Name):
                local.Model = Name;
                break;
            case EmbeddingProvider.Local:
                throw new ArgumentException($"The local model '{Name}' is unknown; use {string.Join(" or ", LocalEmbeddingModels.Names)}.", "model");
            case EmbeddingProvider.AzureOpenAI when configured.AzureOpenAI.Endpoint is null:
                throw new ArgumentException($"The Azure OpenAI model '{Name}' needs Embeddings:AzureOpenAI:Endpoint.", "model");
            case EmbeddingProvider.AzureOpenAI:
                var at = Name.LastIndexOf('@');
                azure.Deployment = at < 0 ? Name : Name[..at];
                azure.Dimensions = at < 0 ? null
                    : int.TryParse(Name.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var dimensions) && dimensions > 0 ? dimensions
                    : throw new ArgumentException($"The Azure OpenAI model '{Name}' must be DEPLOYMENT or DEPLOYMENT@DIMENSIONS.", "model");
                break;
            default:
                throw new ArgumentException($"The provider '{Provider}' is unknown; use Local or AzureOpenAI.", "provider");
        }

        return new EmbeddingOptions { Provider = Provider, Local = local, AzureOpenAI = azure, Cache = configured.Cache };
    }

    /// <summary>For logs and messages: <c>Local:all-MiniLM-L6-v2</c>.</summary>
    public override string ToString() => $"{Provider}:{Name}";
}
