using System.Security.Cryptography;
using System.Text;

namespace RedisAspire.Core.Retrieval;

/// <summary>The hash that tells whether a document's embedded content changed, so unchanged documents are neither re-embedded nor rewritten.</summary>
internal static class ContentHash
{
    /// <summary>
    /// SHA-256, lowercase hex, of the body normalised so that edits an embedding cannot see do not count: Unicode NFC,
    /// every run of whitespace (line endings included) as one space, no leading or trailing whitespace. Null hashes as empty.
    /// </summary>
    public static string Of(string? body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalise(body))));

    /// <summary>The text that is hashed.</summary>
    internal static string Normalise(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return string.Empty;
        }

        var text = body.Normalize(NormalizationForm.FormC);
        var normalised = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = normalised.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                normalised.Append(' ');
                pendingSpace = false;
            }

            normalised.Append(character);
        }

        return normalised.ToString();
    }
}
