using System.Text;

namespace RedisAspire.Web.Services;

/// <summary>A command written as redis-cli would take it: arguments with spaces or quotes in double quotes, escaped.</summary>
public static class RedisCommandText
{
    public static string Of(IReadOnlyList<string> arguments) => string.Join(' ', arguments.Select(Quote));

    private static string Quote(string argument)
    {
        // The vector's placeholder stands for bytes that are not shown; quoting it would make it look like a value.
        if (argument.Length > 0 && !argument.Any(character => char.IsWhiteSpace(character) || character is '"' or '\'' or '\\')
            || argument.StartsWith("<vector:", StringComparison.Ordinal))
        {
            return argument;
        }

        var quoted = new StringBuilder(argument.Length + 2).Append('"');
        foreach (var character in argument)
        {
            quoted.Append(character is '"' or '\\' ? $"\\{character}" : character.ToString());
        }

        return quoted.Append('"').ToString();
    }
}
