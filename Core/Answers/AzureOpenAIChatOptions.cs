using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Answers;

/// <summary>The configuration section <c>Answers:AzureOpenAI</c>.</summary>
public sealed class AzureOpenAIChatOptions
{
    /// <summary><c>Answers:AzureOpenAI:Endpoint</c>: the resource's URL, e.g. <c>https://NAME.openai.azure.com/</c>; setting it chooses Azure OpenAI.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>Answers:AzureOpenAI:Deployment</c>: the chat model's deployment name; required with an endpoint.</summary>
    [RegularExpression(
        "^[A-Za-z0-9._-]{1,64}$",
        ErrorMessage = "Answers:AzureOpenAI:Deployment must be 1 to 64 letters, digits, '.', '_' or '-'.")]
    public string? Deployment { get; set; }

    /// <summary>
    /// <c>Answers:AzureOpenAI:ApiKey</c>: optional; without it the service is reached with <c>DefaultAzureCredential</c>
    /// (managed identity in Azure, the developer's sign-in locally). Never logged.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary><c>Answers:AzureOpenAI:MaxOutputTokens</c>: the longest answer asked of the model.</summary>
    [Range(16, 16384, ErrorMessage = "Answers:AzureOpenAI:MaxOutputTokens must be between {1} and {2}.")]
    public int MaxOutputTokens { get; set; } = 800;
}
