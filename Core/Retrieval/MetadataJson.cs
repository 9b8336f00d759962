using System.Text.Json;

namespace RedisAspire.Core.Retrieval;

/// <summary>A document's metadata, which every tier keeps as one JSON object.</summary>
internal static class MetadataJson
{
    /// <summary>Throws an <see cref="ArgumentException"/> (ParamName "metadata") unless <paramref name="json"/> is a JSON object.</summary>
    public static void RequireObject(string? json)
    {
        if (CheckObject(json) is { } error)
        {
            throw error.ToException();
        }
    }

    /// <summary>What is wrong with <paramref name="json"/> as a document's metadata; null when it is a JSON object.</summary>
    public static InputError? CheckObject(string? json) => IsObject(json) ? null : new("metadata", "metadata must be a JSON object.");

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
