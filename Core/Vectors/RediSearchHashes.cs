using System.Globalization;
using System.Text;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>A document as a RediSearch hash: the vector as little-endian FLOAT32 bytes, each field as a hash field.</summary>
internal static class RediSearchHashes
{
    /// <summary>The hash's fields and values, in <c>HSET</c> order.</summary>
    public static IEnumerable<RedisValue> Fields(VectorIndexSchema schema, VectorDocument document)
    {
        yield return schema.VectorField;
        yield return VectorEncoding.ToFloat32Bytes(document.Vector);
        foreach (var (field, value) in document.Tags)
        {
            yield return field;
            yield return value;
        }

        foreach (var (field, value) in document.Numbers)
        {
            yield return field;
            yield return RediSearchQuery.FormatNumber(value);
        }

        foreach (var (field, value) in document.Texts)
        {
            yield return field;
            yield return value;
        }
    }

    /// <summary>The document a hash holds; null for a hash without a vector (deleted since it was listed, it reads back empty).</summary>
    public static VectorDocument? ToDocument(VectorIndexSchema schema, string id, HashEntry[] fields)
    {
        float[]? vector = null;
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, double>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            var name = field.Name.ToString();
            if (name == schema.VectorField)
            {
                vector = VectorEncoding.FromFloat32Bytes((byte[])field.Value!);
            }
            else if (schema.IsTagField(name))
            {
                tags[name] = field.Value.ToString();
            }
            else if (schema.IsNumericField(name) && double.TryParse(field.Value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                numbers[name] = number;
            }
            else if (schema.TextFields.Contains(name, StringComparer.Ordinal))
            {
                texts[name] = field.Value.ToString();
            }
        }

        return vector is null ? null : new VectorDocument(id, vector, tags, numbers, texts);
    }

    /// <summary>A SCAN pattern matching every key under <paramref name="prefix"/>, its glob characters escaped.</summary>
    public static string KeyPattern(string prefix)
    {
        var pattern = new StringBuilder(prefix.Length + 1);
        foreach (var c in prefix)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.Append('*').ToString();
    }
}
