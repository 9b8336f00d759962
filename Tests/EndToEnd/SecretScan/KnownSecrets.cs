using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace RedisAspire.Tests.EndToEnd.SecretScan;

/// <summary>
/// The secrets of a running app, taken from its app model (every secret parameter, every connection string) and added
/// as a test obtains them (tokens), each in every form it could be written in: as configured, escaped for JSON or a
/// URL, and, for a base64 value such as a signing key, its bytes and their base64url and hex forms.
/// </summary>
internal sealed partial class KnownSecrets
{
    /// <summary>Shorter values would be found by chance in megabytes of output.</summary>
    private const int ShortestSearchable = 16;

    private readonly List<Secret> secrets = [];
    private readonly List<string> textForms = [];

    public IReadOnlyList<Secret> All => secrets;

    public static async Task<KnownSecrets> OfAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var known = new KnownSecrets();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        foreach (var parameter in model.Resources.OfType<ParameterResource>().Where(parameter => parameter.Secret))
        {
            known.Add($"the secret parameter {parameter.Name}", await parameter.GetValueAsync(cancellationToken));
        }

        foreach (var resource in model.Resources.OfType<IResourceWithConnectionString>())
        {
            known.Add($"the connection string of {resource.Name}", await resource.GetConnectionStringAsync(cancellationToken));
        }

        return known;
    }

    /// <summary>A string a JWT would be: base64url header and claims (both JSON objects, so <c>eyJ</c>) and a signature.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")]
    public static partial Regex JwtShaped();

    public void Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length < ShortestSearchable)
        {
            throw new InvalidOperationException($"{name} is {value?.Length ?? 0} characters long: too short to search for.");
        }

        var texts = new List<string> { value, JsonEncodedText.Encode(value).ToString(), Uri.EscapeDataString(value) };
        var bytes = new List<byte[]>();
        // A key is configured as base64; a hex password would decode as base64 too, to bytes nothing ever writes.
        if (!value.All(char.IsAsciiHexDigit) && AsBase64(value) is { Length: >= ShortestSearchable } key)
        {
            var base64 = Convert.ToBase64String(key);
            texts.AddRange([base64.TrimEnd('='), base64.Replace('+', '-').Replace('/', '_').TrimEnd('='), Convert.ToHexStringLower(key), Convert.ToHexString(key)]);
            bytes.Add(key);
        }

        var distinct = texts.Distinct(StringComparer.Ordinal).ToList();
        textForms.AddRange(distinct);
        secrets.Add(new Secret(name, [.. distinct.Select(Encoding.UTF8.GetBytes), .. bytes]));
    }

    /// <summary><paramref name="text"/> with every known secret and every JWT-shaped string in it replaced by <c>***</c>.</summary>
    public string Mask(string text)
    {
        foreach (var form in textForms.OrderByDescending(form => form.Length))
        {
            text = text.Replace(form, "***", StringComparison.Ordinal);
        }

        return JwtShaped().Replace(text, "***");
    }

    private static byte[]? AsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) ? buffer[..written] : null;
    }
}
