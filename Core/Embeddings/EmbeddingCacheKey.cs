using System.Security.Cryptography;
using System.Text;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// The cache key of an embedding: <c>embedding:MODEL:SHA256</c>, where SHA256 is the lower-case hex SHA-256 of the
/// UTF-8 of the normalised text. The model is part of the key, so two models never share entries.
/// </summary>
/// <remarks>
/// Normalisation is Unicode NFC, then trimming, then every run of white space (spaces, tabs, line breaks, no-break
/// spaces) replaced by one space. Case is kept: "Insulin" and "insulin" are different keys, since a cased model would
/// embed them differently. The normalised text is also what the model embeds, so a cached vector is a function of
/// its key alone.
/// </remarks>
internal static class EmbeddingCacheKey
{
    /// <summary>The first segment of every embedding key.</summary>
    public const string Prefix = "embedding";

    /// <summary>The cache key of <paramref name="text"/> embedded by <paramref name="modelId"/>.</summary>
    public static string Create(string modelId, string text) => FromNormalized(modelId, Normalize(text));

    /// <summary>The text as the cache and the model see it (see the remarks on <see cref="EmbeddingCacheKey"/>).</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var composed = Compose(text);
        var builder = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var character in composed.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(character))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(character);
        }

        return builder.ToString();
    }

    internal static string FromNormalized(string modelId, string normalizedText)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalizedText));
        return $"{Prefix}:{modelId}:{Convert.ToHexStringLower(hash)}";
    }

    private static string Compose(string text)
    {
        try
        {
            return text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate makes NFC throw. UTF-8 cannot carry one either: encoding replaces it with U+FFFD,
            // which is what the model would see, so the key is built from the same replacement.
            return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)).Normalize(NormalizationForm.FormC);
        }
    }
}
