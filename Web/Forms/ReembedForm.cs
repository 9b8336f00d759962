using System.Globalization;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>The re-embedding form: what the Api would refuse checked before sending, then a <see cref="ReembedRequest"/>.</summary>
public sealed class ReembedForm
{
    /// <summary>The providers the Api knows; the empty choice leaves it to the configured one.</summary>
    public static readonly IReadOnlyList<string> Providers = ["", "Local", "AzureOpenAI"];

    public string Provider { get; set; } = "";
    public string Model { get; set; } = "";
    public bool Force { get; set; }

    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (!Providers.Contains(Provider))
        {
            errors.Add("provider", "The provider is Local or AzureOpenAI, or left to the configured one.");
        }

        // An Azure OpenAI deployment may be shortened: DEPLOYMENT@DIMENSIONS, the dimensions a whole number above 0.
        var model = Model.Trim();
        var at = model.LastIndexOf('@');
        if (Provider == "AzureOpenAI" && at >= 0
            && !(int.TryParse(model.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var dimensions) && dimensions > 0 && at > 0))
        {
            errors.Add("model", "An Azure OpenAI model is DEPLOYMENT or DEPLOYMENT@DIMENSIONS, the dimensions a whole number above 0.");
        }

        return errors;
    }

    /// <summary>What the request asks for, as a person reads it.</summary>
    public string Target => (Provider, Model.Trim()) switch
    {
        ("", "") => "the configured model",
        (var provider, "") => $"the configured {provider} model",
        ("", var model) => model,
        (var provider, var model) => $"{model} ({provider})",
    };

    public ReembedRequest ToRequest() => new()
    {
        Provider = Provider.Length == 0 ? null : Provider,
        Model = string.IsNullOrWhiteSpace(Model) ? null : Model.Trim(),
        Force = Force,
    };
}
