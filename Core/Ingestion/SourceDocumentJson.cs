using System.Globalization;
using System.Text.Json;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// One JSONL line as a <see cref="SourceDocument"/>: <c>id</c>, <c>tenant</c>, <c>language</c>, <c>title</c>,
/// <c>body</c>, <c>updated_at</c> (ISO 8601) and an optional <c>metadata</c> object; other fields are ignored.
/// </summary>
internal static class SourceDocumentJson
{
    // ISO 8601 as people write it in data files; a time without an offset is UTC, never the machine's zone.
    private static readonly string[] DateFormats =
    [
        "yyyy-MM-dd",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// The document on the line, validated; a missing or null tenant or language takes the default. Throws an
    /// <see cref="ArgumentException"/> whose ParamName names the wrong field (null when the line is not a JSON object).
    /// </summary>
    public static SourceDocument Parse(string line, string? defaultTenant, string? defaultLanguage)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(line);
        }
        catch (JsonException exception)
        {
            throw new ArgumentException($"The line is not valid JSON: {exception.Message}", exception);
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("The line must be a JSON object.");
            }

            var document = new SourceDocument
            {
                Id = RequiredString(root, "id"),
                Tenant = OptionalString(root, "tenant") ?? defaultTenant ?? throw new ArgumentException("tenant is required.", "tenant"),
                Language = OptionalString(root, "language") ?? defaultLanguage,
                Title = TextNormalizer.ToTitle(OptionalString(root, "title")),
                Body = TextNormalizer.Normalize(RequiredString(root, "body")),
                UpdatedAt = Date(RequiredString(root, "updated_at")),
                Metadata = Metadata(root),
            };
            document.Validate();
            return document;
        }
    }

    private static string RequiredString(JsonElement root, string field) =>
        OptionalString(root, field) ?? throw new ArgumentException($"{field} is required.", field);

    private static string? OptionalString(JsonElement root, string field) =>
        !root.TryGetProperty(field, out var value) ? null
        : value.ValueKind switch
        {
            JsonValueKind.String => Text(value, field),
            JsonValueKind.Null => null,
            _ => throw new ArgumentException($"{field} must be a string; it is {value.ValueKind.ToString().ToLowerInvariant()}.", field),
        };

    // The reader refuses to make a string of an escaped half of a surrogate pair ("\ud800"): that is the line's fault.
    private static string Text(JsonElement value, string field)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw new ArgumentException($"{field} holds half of a UTF-16 surrogate pair, which is not text.", field, exception);
        }
    }

    private static DateTimeOffset Date(string text) =>
        DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUniversalTime()
            : throw new ArgumentException($"updated_at must be an ISO 8601 date or time (2025-03-14T09:30:00Z); it is '{Shorten(text)}'.", "updated_at");

    private static string Metadata(JsonElement root) =>
        !root.TryGetProperty("metadata", out var value) ? "{}"
        : value.ValueKind switch
        {
            JsonValueKind.Object => value.GetRawText(),
            JsonValueKind.Null => "{}",
            _ => throw new ArgumentException($"metadata must be a JSON object; it is {value.ValueKind.ToString().ToLowerInvariant()}.", "metadata"),
        };

    // A bad value goes into the message only in part: it is data, and could be long.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
