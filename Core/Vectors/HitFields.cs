namespace RedisAspire.Core.Vectors;

/// <summary>
/// The stored fields a hit carries, written one way whichever engine answered (RediSearch, Vector Sets, PostgreSQL):
/// the schema's TAG, NUMERIC and TEXT fields in that order, TAG and TEXT values as stored, NUMERIC values as the
/// shortest text that round-trips their double (<c>updated_at</c> as Unix seconds, "1714600000"). Fields a document
/// has no value for are left out.
/// </summary>
internal static class HitFields
{
    /// <summary>The fields of a document's <paramref name="tags"/>, <paramref name="numbers"/> and <paramref name="texts"/>, in the schema's order.</summary>
    public static Dictionary<string, string> Of(
        VectorIndexSchema schema,
        IReadOnlyDictionary<string, string> tags,
        IReadOnlyDictionary<string, double> numbers,
        IReadOnlyDictionary<string, string> texts)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in schema.TagFields)
        {
            if (tags.TryGetValue(field, out var value))
            {
                fields[field] = value;
            }
        }

        foreach (var field in schema.NumericFields)
        {
            if (numbers.TryGetValue(field.Name, out var value))
            {
                fields[field.Name] = FormatNumber(value);
            }
        }

        foreach (var field in schema.TextFields)
        {
            if (texts.TryGetValue(field, out var value))
            {
                fields[field] = value;
            }
        }

        return fields;
    }

    /// <summary>A NUMERIC field's value as hits carry it (and as RediSearch hashes store it).</summary>
    public static string FormatNumber(double value) => RediSearchQuery.FormatNumber(value);
}
