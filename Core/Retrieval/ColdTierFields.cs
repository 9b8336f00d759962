using System.Globalization;
using System.Text.Json;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>Reads the schema's fields from a cold row: built-in ones from their columns, the others from its metadata.</summary>
internal static class ColdTierFields
{
    /// <summary>The column that holds the TEXT field "title".</summary>
    public const string TitleField = "title";

    /// <summary>The column that holds the TEXT field "body", when the schema returns it.</summary>
    public const string BodyField = "body";

    /// <summary>The schema's TAG fields of a row: tenant and language from their columns, others from metadata; empty values are left out.</summary>
    public static Dictionary<string, string> Tags(VectorIndexSchema schema, string tenant, string? language, JsonElement metadata)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in schema.TagFields)
        {
            var value = field switch
            {
                VectorFilter.TenantField => tenant,
                VectorFilter.LanguageField => language,
                _ => Text(metadata, field),
            };
            if (!string.IsNullOrWhiteSpace(value))
            {
                tags[field] = value;
            }
        }

        return tags;
    }

    /// <summary>The schema's NUMERIC fields of a row: updated_at as Unix seconds from its column, others from metadata numbers.</summary>
    public static Dictionary<string, double> Numbers(VectorIndexSchema schema, DateTimeOffset updatedAt, JsonElement metadata)
    {
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var field in schema.NumericFields.Select(numeric => numeric.Name))
        {
            var value = field == VectorFilter.UpdatedAtField ? updatedAt.ToUnixTimeSeconds() : Number(metadata, field);
            if (value is { } number)
            {
                numbers[field] = number;
            }
        }

        return numbers;
    }

    /// <summary>The schema's TEXT fields of a row, as the hot tier returns them: fields without a value are left out.</summary>
    public static Dictionary<string, string> Texts(VectorIndexSchema schema, string? title, string? body, JsonElement metadata)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in schema.TextFields)
        {
            var value = field switch
            {
                TitleField => title,
                BodyField => body,
                _ => Text(metadata, field),
            };
            if (value is not null)
            {
                texts[field] = value;
            }
        }

        return texts;
    }

    /// <summary>A metadata value as text (what <c>metadata->>'field'</c> gives); null when absent, null, an object or an array.</summary>
    public static string? Text(JsonElement metadata, string field) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(field, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A metadata value that is a JSON number; null otherwise, as the numeric filters treat it.</summary>
    public static double? Number(JsonElement metadata, string field) =>
        metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty(field, out var value)
        && value.ValueKind == JsonValueKind.Number
        && double.TryParse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        && double.IsFinite(number)
            ? number
            : null;
}
