using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Answers;

/// <summary>
/// Names of cached answers: a key per distinct question (tenant, normalised question, conversation context, K,
/// generator, model and embedding version, hashed) and tags to drop them by (each document an answer was written from,
/// and the tenant). Both are under the tenant's <see cref="TenantKeys"/> prefix, so its callers, and only they, may look
/// them up and drop them.
/// </summary>
public static class AnswerKeys
{
    /// <summary>
    /// The question as the exact cache compares it: Unicode-normalised (NFKC), lower-cased, runs of whitespace made one
    /// space, and trailing punctuation and whitespace dropped, so "When does the ferry leave?" and "when does  the
    /// ferry leave" are one question.
    /// </summary>
    public static string Normalize(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = question.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(character);
        }

        var end = builder.Length;
        while (end > 0 && (char.IsPunctuation(builder[end - 1]) || char.IsWhiteSpace(builder[end - 1])) && !IsClosing(builder[end - 1]))
        {
            end--;
        }

        return builder.ToString(0, end);
    }

    /// <summary>A hash of the conversation's turns (roles and normalised texts, in order); "none" without turns.</summary>
    public static string ContextHash(IReadOnlyList<ConversationTurn> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Count == 0)
        {
            return "none";
        }

        var text = new StringBuilder();
        foreach (var turn in context)
        {
            var normalized = Normalize(turn.Text);
            text.Append(turn.Role).Append(':').Append(normalized.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(normalized).Append('|');
        }

        return Hash(text.ToString());
    }

    /// <summary>The cache key of <paramref name="question"/>'s answer by <paramref name="generator"/> on embedding version <paramref name="embeddingVersion"/>.</summary>
    public static string Key(AnswerQuestion question, string generator, string model, int embeddingVersion)
    {
        ArgumentNullException.ThrowIfNull(question);
        // Each part is length-prefixed: no two different sets of parts can make the same text.
        var text = new StringBuilder();
        foreach (var part in new[]
        {
            Normalize(question.Question), ContextHash(question.Context), question.K.ToString(CultureInfo.InvariantCulture), generator, model,
            embeddingVersion.ToString(CultureInfo.InvariantCulture),
        })
        {
            text.Append(part.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(part).Append('|');
        }

        return $"{TenantKeys.Of(question.Tenant)}answers:{Hash(text.ToString())}";
    }

    /// <summary>The tag on every cached answer of <paramref name="tenant"/>.</summary>
    public static string TenantTag(string tenant) => $"{TenantKeys.Of(tenant)}answers";

    /// <summary>The tag on <paramref name="tenant"/>'s cached answers written from document <paramref name="documentId"/>.</summary>
    public static string DocumentTag(string tenant, string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        // Document ids may hold what a tag may not (braces, glob characters): those are hashed, the others kept readable.
        var id = documentId.AsSpan().IndexOfAny(Unsafe) >= 0 ? $"h:{Hash(documentId)}" : documentId;
        return $"{TenantKeys.Of(tenant)}answers:doc:{id}";
    }

    /// <summary>The sorted set of stored answers' keys, scored by when each is gone at the latest, for counting them.</summary>
    public static string Ledger(string cachePrefix) => $"{cachePrefix}-answers";

    private static readonly SearchValues<char> Unsafe = SearchValues.Create("{}*?[]");

    // A closing bracket or quote may end the question's meaning ("... [1]", "... 'x'"): only sentence punctuation is dropped.
    private static bool IsClosing(char character) =>
        CharUnicodeInfo.GetUnicodeCategory(character) is UnicodeCategory.ClosePunctuation or UnicodeCategory.FinalQuotePunctuation
        || character is '"' or '\'';

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
