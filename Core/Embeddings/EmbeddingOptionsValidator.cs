using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// The rules data annotations cannot state: those of the nested sections (<c>ValidateDataAnnotations</c> does not
/// descend into them) and those across settings. Every message starts with the setting's name.
/// </summary>
internal sealed class EmbeddingOptionsValidator : IValidateOptions<EmbeddingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"Embeddings:Provider '{options.Provider}' is unknown; use Local or AzureOpenAI.");
        }

        AddAnnotationFailures(options.Local, failures);
        if (options.Provider == EmbeddingProvider.Local && !LocalEmbeddingModels.IsKnown(options.Local?.Model))
        {
            failures.Add($"Embeddings:Local:Model '{options.Local?.Model}' is unknown; use {string.Join(" or ", LocalEmbeddingModels.Names)}.");
        }

        AddAnnotationFailures(options.AzureOpenAI, failures);
        if (options.Provider == EmbeddingProvider.AzureOpenAI)
        {
            ValidateAzureOpenAI(options.AzureOpenAI, failures);
        }

        var timeToLive = options.Cache?.TimeToLive ?? TimeSpan.Zero;
        if (timeToLive <= TimeSpan.Zero || timeToLive > CachePolicy.MaxTimeToLive)
        {
            failures.Add(
                $"Embeddings:Cache:TimeToLive must be above zero and at most {CachePolicy.MaxTimeToLive.TotalDays:0} days; it is {timeToLive}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAzureOpenAI(AzureOpenAIEmbeddingOptions? azure, List<string> failures)
    {
        if (azure?.Endpoint is null)
        {
            failures.Add("Embeddings:AzureOpenAI:Endpoint is required when Embeddings:Provider is AzureOpenAI.");
        }
        else if (!azure.Endpoint.IsAbsoluteUri || (azure.Endpoint.Scheme != Uri.UriSchemeHttps && azure.Endpoint.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Embeddings:AzureOpenAI:Endpoint must be an absolute http(s) URL, e.g. https://NAME.openai.azure.com/.");
        }

        if (string.IsNullOrWhiteSpace(azure?.Deployment))
        {
            failures.Add("Embeddings:AzureOpenAI:Deployment is required when Embeddings:Provider is AzureOpenAI.");
        }
    }

    private static void AddAnnotationFailures(object? section, List<string> failures)
    {
        if (section is null)
        {
            return;
        }

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(result => result.ErrorMessage ?? "Embeddings: a setting is not valid."));
        }
    }
}
