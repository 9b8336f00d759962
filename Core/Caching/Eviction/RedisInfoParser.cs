using System.Globalization;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>Reads the text of Redis's <c>INFO</c> reply: <c>field:value</c> lines under <c># Section</c> headers.</summary>
internal static class RedisInfoParser
{
    /// <summary>The fields of one or more INFO sections; header, blank and malformed lines are skipped.</summary>
    public static IReadOnlyDictionary<string, string> ParseFields(string infoText)
    {
        ArgumentNullException.ThrowIfNull(infoText);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in infoText.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon]] = line[(colon + 1)..];
            }
        }

        return fields;
    }

    /// <summary>Every <c>dbN:keys=..,expires=..,avg_ttl=..</c> line of an <c>INFO keyspace</c> reply, by database number.</summary>
    public static IReadOnlyList<KeyspaceDatabase> ParseKeyspace(string keyspaceInfo)
    {
        var databases = new List<KeyspaceDatabase>();
        foreach (var (name, value) in ParseFields(keyspaceInfo))
        {
            if (TryParseDatabaseNumber(name, out _))
            {
                databases.Add(ParseKeyspaceEntry(name, value));
            }
        }

        databases.Sort((left, right) => left.Database.CompareTo(right.Database));
        return databases;
    }

    /// <summary>
    /// One keyspace line, for example <c>db0</c> and <c>keys=10,expires=3,avg_ttl=3599984,subexpiry=0</c>; pairs other
    /// than <c>keys</c>, <c>expires</c> and <c>avg_ttl</c> are ignored, so later Redis versions may add more.
    /// </summary>
    public static KeyspaceDatabase ParseKeyspaceEntry(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!TryParseDatabaseNumber(name, out var database))
        {
            throw new FormatException($"INFO keyspace: '{name}' is not a database name (dbN).");
        }

        long? keys = null, expires = null, averageTtl = null;
        foreach (var pair in value.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"INFO keyspace: '{name}' has '{pair}', not name=value.");
            }

            var field = pair[..equals];
            var number = pair[(equals + 1)..];
            switch (field)
            {
                case "keys": keys = ParseNumber($"keyspace {name} keys", number); break;
                case "expires": expires = ParseNumber($"keyspace {name} expires", number); break;
                case "avg_ttl": averageTtl = ParseNumber($"keyspace {name} avg_ttl", number); break;
            }
        }

        return new KeyspaceDatabase(
            database,
            keys ?? throw new FormatException($"INFO keyspace: '{name}' has no keys count."),
            expires ?? throw new FormatException($"INFO keyspace: '{name}' has no expires count."),
            TimeSpan.FromMilliseconds(averageTtl ?? 0));
    }

    /// <summary>A whole-number field, or a <see cref="FormatException"/> naming the section and field.</summary>
    public static long GetNumber(IReadOnlyDictionary<string, string> fields, string section, string name)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue(name, out var value)
            ? ParseNumber($"{section} {name}", value)
            : throw new FormatException($"INFO {section} has no '{name}' field.");
    }

    /// <summary>A text field, or a <see cref="FormatException"/> naming the section and field.</summary>
    public static string GetText(IReadOnlyDictionary<string, string> fields, string section, string name)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return fields.TryGetValue(name, out var value)
            ? value
            : throw new FormatException($"INFO {section} has no '{name}' field.");
    }

    private static long ParseNumber(string what, string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"INFO {what} is '{value}', not a whole number.");

    private static bool TryParseDatabaseNumber(string name, out int database)
    {
        database = 0;
        return name is ['d', 'b', _, ..]
            && name.AsSpan(2).IndexOfAnyExceptInRange('0', '9') < 0
            && int.TryParse(name.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out database);
    }
}
