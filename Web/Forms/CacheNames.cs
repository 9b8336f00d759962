namespace RedisAspire.Web.Forms;

/// <summary>The Api's rule for cache keys and tags, checked before sending: text, without braces or glob characters.</summary>
public static class CacheNames
{
    private static readonly char[] Forbidden = ['{', '}', '*', '?', '[', ']'];

    /// <summary>What is wrong with a key or tag; null when nothing is.</summary>
    public static string? Check(string name, string what)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return $"Write a {what}.";
        }

        return name.IndexOfAny(Forbidden) >= 0
            ? $"A {what} may not hold braces or glob characters (* ? [ ])."
            : null;
    }
}
