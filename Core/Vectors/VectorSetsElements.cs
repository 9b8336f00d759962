using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// A document as a Vector Set element: the vector as VADD's FP32 blob, the schema's fields as the element's JSON
/// attributes; and what <c>VINFO</c> says about a set.
/// </summary>
internal static class VectorSetsElements
{
    /// <summary>The fields of a <c>VINFO</c> reply by name; empty for a set that does not exist.</summary>
    public static IReadOnlyDictionary<string, RedisResult> Info(RedisResult reply)
    {
        var fields = new Dictionary<string, RedisResult>(StringComparer.Ordinal);
        if (!reply.IsNull && reply.Resp2Type == ResultType.Array)
        {
            var pairs = (RedisResult[])reply!;
            for (var index = 0; index + 1 < pairs.Length; index += 2)
            {
                fields[pairs[index].ToString()] = pairs[index + 1];
            }
        }

        return fields;
    }

    /// <summary>The storage and M a set was built with, from its <c>VINFO</c> reply, as VADD names them.</summary>
    public static (string Quantization, int? M) Settings(RedisResult info)
    {
        var fields = Info(info);
        var quantization = fields.GetValueOrDefault("quant-type")?.ToString() switch { "f32" => "NOQUANT", "bin" => "BIN", _ => "Q8" };
        return (quantization, fields.TryGetValue("hnsw-m", out var m) ? (int)m : null);
    }

    /// <summary>VADD's name for <paramref name="quantization"/>.</summary>
    public static string QuantizationName(VectorQuantization quantization) => quantization switch
    {
        VectorQuantization.NoQuantization => "NOQUANT",
        VectorQuantization.Binary => "BIN",
        _ => "Q8",
    };

    /// <summary>VADD's arguments after the key: the vector, the element, its storage and HNSW settings and its attributes.</summary>
    public static object[] AddArguments(VectorIndexSchema schema, VectorDocument document, string quantization, int? m)
    {
        List<object> arguments = [.. VectorArguments(document.Vector), document.Id];
        arguments.Add(quantization);
        if (schema.EfConstruction is { } efConstruction)
        {
            arguments.AddRange(["EF", efConstruction]);
        }

        if (m is not null)
        {
            arguments.AddRange(["M", m]);
        }

        arguments.AddRange(["SETATTR", Attributes(document)]);
        return [.. arguments];
    }

    /// <summary>
    /// A vector as VADD and VSIM take it: <c>FP32</c> and its little-endian FLOAT32 bytes, one argument Redis copies,
    /// rather than <c>VALUES</c> and a decimal text per component it would have to parse.
    /// </summary>
    public static object[] VectorArguments(ReadOnlySpan<float> vector) => ["FP32", VectorEncoding.ToFloat32Bytes(vector)];

    /// <summary>An argument of <see cref="AddArguments"/> or a VSIM as a script takes it.</summary>
    public static RedisValue ToRedisValue(object argument) => argument switch
    {
        string text => text,
        int number => number,
        byte[] bytes => bytes,
        _ => argument.ToString(),
    };

    // The schema's fields as one JSON object: what VSIM's FILTER expressions read.
    private static string Attributes(VectorDocument document)
    {
        var attributes = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (field, value) in document.Tags)
        {
            attributes[field] = value;
        }

        foreach (var (field, value) in document.Numbers)
        {
            attributes[field] = value;
        }

        foreach (var (field, value) in document.Texts)
        {
            attributes[field] = value;
        }

        return JsonSerializer.Serialize(attributes);
    }

    /// <summary>The document an element holds: its <c>VEMB</c> components and <c>VGETATTR</c> attributes.</summary>
    public static VectorDocument ToDocument(VectorIndexSchema schema, string id, RedisResult[] components, RedisResult attributes)
    {
        var vector = components.Select(component => float.Parse(component.ToString(), CultureInfo.InvariantCulture)).ToArray();
        var (tags, numbers, texts) = ReadAttributes(schema, attributes);
        return new VectorDocument(id, vector, tags, numbers, texts);
    }

    /// <summary>The fields a hit returns, from the element's attributes (see <see cref="HitFields"/>).</summary>
    public static Dictionary<string, string> StoredFields(VectorIndexSchema schema, RedisResult attributes)
    {
        var (tags, numbers, texts) = ReadAttributes(schema, attributes);
        return HitFields.Of(schema, tags, numbers, texts);
    }

    // The schema's fields among an element's JSON attributes, each of the kind its field is.
    private static (Dictionary<string, string> Tags, Dictionary<string, double> Numbers, Dictionary<string, string> Texts) ReadAttributes(
        VectorIndexSchema schema, RedisResult attributes)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!attributes.IsNull)
        {
            using var json = JsonDocument.Parse(attributes.ToString());
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (schema.IsTagField(property.Name) && property.Value.ValueKind == JsonValueKind.String)
                {
                    tags[property.Name] = property.Value.GetString()!;
                }
                else if (schema.IsNumericField(property.Name) && property.Value.ValueKind == JsonValueKind.Number)
                {
                    numbers[property.Name] = property.Value.GetDouble();
                }
                else if (schema.TextFields.Contains(property.Name, StringComparer.Ordinal) && property.Value.ValueKind == JsonValueKind.String)
                {
                    texts[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return (tags, numbers, texts);
    }
}
