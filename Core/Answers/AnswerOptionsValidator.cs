using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RedisAspire.Core.Answers;

/// <summary>
/// The rules data annotations cannot state: those of the nested sections (<c>ValidateDataAnnotations</c> does not
/// descend into them) and those across settings. Every message starts with the setting's name.
/// </summary>
internal sealed class AnswerOptionsValidator : IValidateOptions<AnswerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AnswerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        AddAnnotationFailures(options.AzureOpenAI, failures);
        AddAnnotationFailures(options.Local, failures);
        var azure = options.AzureOpenAI;
        if (azure?.Endpoint is { } endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add("Answers:AzureOpenAI:Endpoint must be an absolute http(s) URL, e.g. https://NAME.openai.azure.com/.");
            }

            if (string.IsNullOrWhiteSpace(azure.Deployment))
            {
                failures.Add("Answers:AzureOpenAI:Deployment is required when Answers:AzureOpenAI:Endpoint is set.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(azure?.Deployment) || !string.IsNullOrEmpty(azure?.ApiKey))
        {
            // A deployment without an endpoint would silently fall back to the local answerer: say so instead.
            failures.Add("Answers:AzureOpenAI:Endpoint is required when Answers:AzureOpenAI:Deployment or ApiKey is set.");
        }

        failures.AddRange((options.Cache ?? new AnswerCacheOptions()).Errors());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
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
            failures.AddRange(results.Select(result => result.ErrorMessage ?? "Answers: a setting is not valid."));
        }
    }
}
