using System.Text.Json;
using System.Text.Json.Serialization;

namespace RedisAspire.Api.Validation;

/// <summary>
/// Reads every string of a request body, values and property names alike, as <see cref="PlainText"/> allows: a
/// control character anywhere is the 400 of an unreadable request, naming the field it is in.
/// </summary>
internal sealed class PlainTextJsonConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"The JSON value is a {reader.TokenType}; a string is expected.");
        }

        var text = reader.GetString()!;
        return PlainText.Error(text) is { } error ? throw new RefusedTextException("The value " + error) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var name = reader.GetString()!;
        return PlainText.Error(name) is { } error ? throw new RefusedTextException("A property name " + error, propertyName: true) : name;
    }

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
