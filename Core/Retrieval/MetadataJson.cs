using System.Text.Json;

namespace RedisAspire.Core.Retrieval;

/// <summary>A document's metadata, which every tier keeps as one JSON object.</summary>
internal static class MetadataJson
{
    /// <summary>Throws an <see cref="ArgumentException"/> (ParamName "metadata") unless <paramref name="json"/> is a JSON object.</summary>
    public static void RequireObject(string? json)
    {
        if (!IsObject(json))
        {
            throw new ArgumentException("metadata must be a JSON object.", "metadata");
        }
    }

    private static bool IsObject(string? json)
    {
        if (json is null)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
