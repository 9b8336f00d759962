using System.Text;

namespace RedisAspire.Core.Vectors;

/// <summary>A document as the vector hot tier holds it: its vector and the fields the schema names.</summary>
/// <param name="Id">The document's id (the element of a Vector Set, the hash key's suffix for RediSearch).</param>
/// <param name="Tags">Values of the schema's TAG fields (tenant, language, ...).</param>
/// <param name="Numbers">Values of the schema's NUMERIC fields (updated_at as unix seconds, ...).</param>
/// <param name="Texts">Values of the schema's TEXT fields, returned with results (title, ...).</param>
public sealed record VectorDocument(
    string Id,
    float[] Vector,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyDictionary<string, string> Texts)
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose ParamName names the first thing <paramref name="schema"/> cannot
    /// hold: a bad id, a vector of the wrong dimension or not finite, or a field the schema does not name as that kind.
    /// </summary>
    public void Validate(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ValidateId(Id);
        RequireDimension(schema, Vector, "vector");
        if (!Array.TrueForAll(Vector, float.IsFinite))
        {
            throw new ArgumentException("The vector holds a value that is not a finite number.", "vector");
        }

        foreach (var (field, value) in Tags ?? throw new ArgumentException("Tags must not be null.", "tags"))
        {
            RequireField(schema.IsTagField(field), field, "TAG", schema);
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"The value of TAG field '{field}' must not be empty.", $"tags.{field}");
            }
        }

        foreach (var (field, value) in Numbers ?? throw new ArgumentException("Numbers must not be null.", "numbers"))
        {
            RequireField(schema.IsNumericField(field), field, "NUMERIC", schema);
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"The value of NUMERIC field '{field}' must be a finite number.", $"numbers.{field}");
            }
        }

        foreach (var (field, value) in Texts ?? throw new ArgumentException("Texts must not be null.", "texts"))
        {
            RequireField(schema.TextFields.Contains(field, StringComparer.Ordinal), field, "TEXT", schema);
            ArgumentNullException.ThrowIfNull(value, $"texts.{field}");
        }
    }

    /// <summary>Throws an <see cref="ArgumentException"/> (ParamName "id") for an id that is empty, too long, or holds whitespace or control characters.</summary>
    public static void ValidateId(string? id)
    {
        if (CheckId(id) is { } error)
        {
            throw error.ToException();
        }
    }

    /// <summary>
    /// What is wrong with <paramref name="id"/> as a document id (empty, too long, whitespace or control characters, not
    /// in Unicode normal form C); null when nothing is.
    /// </summary>
    public static InputError? CheckId(string? id, string field = "id") =>
        string.IsNullOrEmpty(id) || id.Length > MaxIdLength || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? new(field, $"A document id must be 1 to {MaxIdLength} characters without whitespace or control characters.")
            : !IsComposed(id)
            ? new(field, "A document id must be in Unicode normal form C (composed: 'é' as one character, not 'e' and an accent), so that two ids that read the same are one.")
            : null;

    private static bool IsComposed(string id)
    {
        try
        {
            return id.IsNormalized(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Half of a surrogate pair: not text at all.
            return false;
        }
    }

    /// <summary>Checks every id as <see cref="ValidateId"/> does; returns each once, in the order given.</summary>
    public static string[] ValidateIds(IEnumerable<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToArray();
        foreach (var id in distinct)
        {
            ValidateId(id);
        }

        return distinct;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> saying the expected and actual dimension when they differ.</summary>
    public static void RequireDimension(VectorIndexSchema schema, float[]? vector, string parameterName)
    {
        if (CheckDimension(schema, vector, parameterName) is { } error)
        {
            throw error.ToException();
        }
    }

    /// <summary>The expected and actual dimension when <paramref name="vector"/> is not of <paramref name="schema"/>'s; null when it is.</summary>
    public static InputError? CheckDimension(VectorIndexSchema schema, float[]? vector, string field)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return vector is null || vector.Length != schema.Dimension
            ? new(field, $"The vector has {vector?.Length ?? 0} dimensions; index '{schema.Name}' expects {schema.Dimension}.")
            : null;
    }

    private static void RequireField(bool known, string field, string kind, VectorIndexSchema schema)
    {
        if (!known)
        {
            throw new ArgumentException($"Field '{field}' is not a {kind} field of index '{schema.Name}'.", $"{kind.ToLowerInvariant() switch { "tag" => "tags", "numeric" => "numbers", _ => "texts" }}.{field}");
        }
    }
}
