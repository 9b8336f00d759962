namespace RedisAspire.Core.Vectors;

/// <summary>A pre-filter both engines apply before ranking by similarity; every condition must hold.</summary>
public sealed record VectorFilter
{
    /// <summary>The TAG field <see cref="Tenant"/> filters on.</summary>
    public const string TenantField = "tenant";

    /// <summary>The TAG field <see cref="Language"/> filters on.</summary>
    public const string LanguageField = "language";

    /// <summary>The NUMERIC field (Unix seconds) <see cref="UpdatedAfter"/> and <see cref="UpdatedBefore"/> filter on.</summary>
    public const string UpdatedAtField = "updated_at";

    /// <summary>No condition: every document qualifies.</summary>
    public static readonly VectorFilter None = new();

    /// <summary>Only this tenant's documents.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only documents in this language.</summary>
    public string? Language { get; init; }

    /// <summary>Only documents updated at or after this instant.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Only documents updated strictly before this instant.</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Further TAG equalities, field name to value, on TAG fields the schema names.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>Further ranges, field name to range, on NUMERIC fields the schema names.</summary>
    public IReadOnlyDictionary<string, NumericRange> Ranges { get; init; } = new Dictionary<string, NumericRange>();

    /// <summary>Whether the filter has no condition.</summary>
    public bool IsEmpty => Conditions() is { Tags.Count: 0, Ranges.Count: 0 };

    /// <summary>The tag equalities, built-in ones first, then the others by field name.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TagConditions() => Conditions().Tags;

    /// <summary>The numeric ranges, updated_at first, then the others by field name.</summary>
    public IReadOnlyList<KeyValuePair<string, NumericRange>> RangeConditions() => Conditions().Ranges;

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> whose ParamName is "filters.{field}" for the first condition the
    /// schema cannot answer (see <see cref="Errors"/>).
    /// </summary>
    public void Validate(VectorIndexSchema schema) => InputError.ThrowFirst(Errors(schema));

    /// <summary>
    /// Every condition the schema cannot answer, under "filters.{field}": an unknown field, a field of the wrong kind,
    /// an empty tag value, a bound that is not a number, or a lower bound above the upper.
    /// </summary>
    public IEnumerable<InputError> Errors(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var (tags, ranges) = Conditions();
        foreach (var (field, value) in tags)
        {
            if (!schema.IsTagField(field))
            {
                yield return new($"filters.{field}", $"Filter field '{field}' is not a TAG field of index '{schema.Name}'.");
            }
            else if (string.IsNullOrWhiteSpace(value))
            {
                yield return new($"filters.{field}", $"Filter value for '{field}' must not be empty.");
            }
        }

        foreach (var (field, range) in ranges)
        {
            if (!schema.IsNumericField(field))
            {
                yield return new($"filters.{field}", $"Filter field '{field}' is not a NUMERIC field of index '{schema.Name}'.");
            }
            else if (range is null || double.IsNaN(range.Min ?? 0) || double.IsNaN(range.Max ?? 0))
            {
                yield return new($"filters.{field}", $"Filter range for '{field}' must have numeric bounds.");
            }
            else if (range.Min > range.Max)
            {
                yield return new($"filters.{field}", $"Filter range for '{field}' has its lower bound above its upper bound.");
            }
        }
    }

    private (List<KeyValuePair<string, string>> Tags, List<KeyValuePair<string, NumericRange>> Ranges) Conditions()
    {
        var tags = new List<KeyValuePair<string, string>>();
        if (Tenant is not null)
        {
            tags.Add(new(TenantField, Tenant));
        }

        if (Language is not null)
        {
            tags.Add(new(LanguageField, Language));
        }

        tags.AddRange((Tags ?? new Dictionary<string, string>()).OrderBy(t => t.Key, StringComparer.Ordinal));

        var ranges = new List<KeyValuePair<string, NumericRange>>();
        if (UpdatedAfter is not null || UpdatedBefore is not null)
        {
            ranges.Add(new(UpdatedAtField, new NumericRange(
                UpdatedAfter?.ToUnixTimeSeconds(),
                UpdatedBefore?.ToUnixTimeSeconds(),
                MaxExclusive: UpdatedBefore is not null)));
        }

        ranges.AddRange((Ranges ?? new Dictionary<string, NumericRange>()).OrderBy(r => r.Key, StringComparer.Ordinal));
        return (tags, ranges);
    }
}
