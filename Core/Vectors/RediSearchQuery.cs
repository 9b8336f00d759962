using System.Globalization;
using System.Text;

namespace RedisAspire.Core.Vectors;

/// <summary>Renders filters as RediSearch (DIALECT 2) query text, escaping every value so input cannot change the query.</summary>
internal static class RediSearchQuery
{
    /// <summary>
    /// Escapes a TAG value: every ASCII character other than a letter, digit or '_' (punctuation, whitespace,
    /// control characters) gets a backslash, so the value is one literal tag, whatever it holds.
    /// </summary>
    public static string EscapeTag(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length * 2);
        foreach (var c in value)
        {
            if (c < 128 && !char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The filter as space-separated conditions (<c>@tenant:{tidewater} @updated_at:[1714521600 +inf]</c>), or
    /// an empty string for no condition. Validates the filter against the schema first.
    /// </summary>
    public static string RenderFilter(VectorFilter filter, VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate(schema);
        var parts = new List<string>();
        foreach (var (field, value) in filter.TagConditions())
        {
            parts.Add($"@{field}:{{{EscapeTag(value)}}}");
        }

        foreach (var (field, range) in filter.RangeConditions())
        {
            parts.Add($"@{field}:[{Bound(range.Min, range.MinExclusive, "-inf")} {Bound(range.Max, range.MaxExclusive, "+inf")}]");
        }

        return string.Join(' ', parts);
    }

    /// <summary>A number as RediSearch reads it: invariant culture, round-trippable, infinities as -inf/+inf.</summary>
    public static string FormatNumber(double value) => value switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string Bound(double? value, bool exclusive, string open) =>
        value is null ? open : (exclusive ? "(" : string.Empty) + FormatNumber(value.Value);
}
