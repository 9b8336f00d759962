namespace RedisAspire.Api.Validation;

/// <summary>The rule for a text the model embeds (a search's, a cached embedding's): present, not blank, not too long.</summary>
internal static class TextCheck
{
    /// <summary>What is wrong with <paramref name="text"/> as <paramref name="field"/>; null when nothing is.</summary>
    public static string? Error(string? text, string field, int maxLength) =>
        string.IsNullOrWhiteSpace(text) ? $"{field} must not be empty."
        : text.Length > maxLength ? $"{field} is {text.Length} characters long; at most {maxLength} are allowed."
        : null;
}
