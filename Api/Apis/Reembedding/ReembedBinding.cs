using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Api.Apis.Reembedding;

/// <summary>A re-embedding request as the model it asks for.</summary>
internal static class ReembedBinding
{
    /// <summary>
    /// The model <paramref name="request"/> names, the <paramref name="configured"/> one for what it leaves out; null,
    /// with what is wrong in <paramref name="errors"/>, when it names none that can be asked for.
    /// </summary>
    public static EmbeddingModel? ToModel(this ReembedRequest? request, EmbeddingModel configured, RequestErrors errors)
    {
        var provider = configured.Provider;
        if (request?.Provider is { } named)
        {
            if (EnumName.Parse<EmbeddingProvider>(named) is not { } parsed)
            {
                errors.Add("provider", $"provider '{named}' is unknown; use Local or AzureOpenAI.");
                return null;
            }

            provider = parsed;
        }

        if (request?.Model is { } model && string.IsNullOrWhiteSpace(model))
        {
            errors.Add("model", "model must not be empty; leave it out for the configured model.");
            return null;
        }

        var target = request?.Model is { } chosen ? new EmbeddingModel(provider, chosen)
            : provider == configured.Provider ? configured
            : null;
        errors.Require(target is not null, "model", $"model is required when provider ({provider}) is not the configured one ({configured.Provider}).");
        return target;
    }
}
