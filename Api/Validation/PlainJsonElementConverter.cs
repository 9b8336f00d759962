using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisAspire.Api.Validation;

/// <summary>
/// Reads the free-form JSON of a request (a document's metadata, a search's filters) as <see cref="PlainText"/> allows:
/// its strings and property names are text, its numbers finite, before any handler looks at them.
/// </summary>
internal sealed class PlainJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = JsonElement.ParseValue(ref reader);
        return PlainText.FirstError(value) is { } error ? throw error : value;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
}
