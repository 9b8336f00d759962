namespace RedisAspire.Core.Vectors;

/// <summary>
/// Renders filters as a Vector Sets <c>VSIM ... FILTER</c> expression over the elements' JSON attributes
/// (<c>.tenant == "tidewater" and .updated_at >= 1714521600</c>).
/// </summary>
/// <remarks>
/// In Redis 8's filter expressions a string literal runs from its quote character to the next one of the same kind;
/// nothing inside is an escape (a backslash is a literal backslash). A value is therefore quoted with a quote character
/// it does not contain, which makes it one literal whatever else it holds. A value containing both quote characters
/// cannot be written as a literal and is refused.
/// </remarks>
internal static class VectorSetsFilter
{
    /// <summary>The expression, or an empty string when the filter has no condition. Validates the filter against the schema first.</summary>
    /// <exception cref="ArgumentException">A field is unknown, or a value holds both ' and ".</exception>
    public static string Render(VectorFilter filter, VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate(schema);
        var parts = new List<string>();
        foreach (var (field, value) in filter.TagConditions())
        {
            parts.Add($".{field} == {Quote(value, field)}");
        }

        foreach (var (field, range) in filter.RangeConditions())
        {
            if (range.Min is { } min)
            {
                parts.Add($".{field} {(range.MinExclusive ? ">" : ">=")} {RediSearchQuery.FormatNumber(min)}");
            }

            if (range.Max is { } max)
            {
                parts.Add($".{field} {(range.MaxExclusive ? "<" : "<=")} {RediSearchQuery.FormatNumber(max)}");
            }
        }

        return string.Join(" and ", parts);
    }

    /// <summary>The value as a string literal in a quote character it does not contain.</summary>
    public static string Quote(string value, string field)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('"', StringComparison.Ordinal))
        {
            return $"\"{value}\"";
        }

        if (!value.Contains('\'', StringComparison.Ordinal))
        {
            return $"'{value}'";
        }

        throw new ArgumentException(
            $"The value of filters.{field} contains both ' and \"; such a value cannot be matched by a Vector Sets filter.",
            $"filters.{field}");
    }
}
