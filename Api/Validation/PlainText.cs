using System.Text.Json;

namespace RedisAspire.Api.Validation;

/// <summary>
/// The rule every string of a request meets: text, not bytes. No C0 control character but tab and line breaks, no
/// DEL, no half of a UTF-16 surrogate pair (a JSON <c>\ud800</c> escape) — PostgreSQL refuses a NUL, Redis and
/// logs would keep the rest, and no document, name or query needs them.
/// </summary>
internal static class PlainText
{
    /// <summary>What is wrong with <paramref name="text"/>; null when nothing is.</summary>
    public static string? Error(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (char.IsHighSurrogate(character) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(character))
            {
                return $"contains half of a UTF-16 surrogate pair (U+{(int)character:X4}), which is not text.";
            }
            else if (IsRefused(character))
            {
                return $"contains the control character U+{(int)character:X4}, which is not accepted.";
            }
        }

        return null;
    }

    /// <summary>
    /// The first thing wrong with the strings, property names and numbers within <paramref name="value"/>, where it is
    /// (<c>[0].name</c>, empty for the value itself), and whether it is a property name; null when nothing is. A number
    /// must be finite, as every store can keep it.
    /// </summary>
    public static RefusedTextException? FirstError(JsonElement value, string within = "")
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Error(value, static element => element.GetString()!) is { } error ? new("The value " + error, within) : null;
            case JsonValueKind.Number:
                return value.TryGetDouble(out var number) && double.IsFinite(number) ? null : new($"{value.GetRawText()} is not a finite number.", within);
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (FirstError(item, $"{within}[{index++}]") is { } inItem)
                    {
                        return inItem;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (Error(property, static named => named.Name) is { } nameError)
                    {
                        return new("A property name " + nameError, within, propertyName: true);
                    }

                    if (FirstError(property.Value, $"{within}.{property.Name}") is { } inProperty)
                    {
                        return inProperty;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // The reader refuses to turn half a surrogate pair into a string at all.
    private static string? Error<T>(T value, Func<T, string> text)
    {
        try
        {
            return Error(text(value));
        }
        catch (InvalidOperationException)
        {
            return "contains half of a UTF-16 surrogate pair, which is not text.";
        }
    }

    private static bool IsRefused(char character) => character is < ' ' and not ('\t' or '\n' or '\v' or '\f' or '\r') or '\u007F';
}
