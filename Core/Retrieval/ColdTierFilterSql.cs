using Npgsql;
using NpgsqlTypes;
using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The hot tier's filter model as a SQL condition: tenant, language and updated_at are columns, every other field is a
/// key of the metadata column. Field names and values are both parameters; the text holds only fixed SQL.
/// </summary>
internal static class ColdTierFilterSql
{
    /// <summary>" WHERE ..." for <paramref name="filter"/>, or "" when it has no condition; its values are appended to <paramref name="parameters"/>.</summary>
    public static string Render(VectorFilter filter, VectorIndexSchema schema, List<NpgsqlParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(filter);
        filter.Validate(schema);
        var conditions = new List<string>();
        foreach (var (field, value) in filter.TagConditions())
        {
            var column = field switch
            {
                VectorFilter.TenantField => "tenant",
                VectorFilter.LanguageField => "language",
                _ => $"metadata ->> {Add(parameters, field)}",
            };
            conditions.Add($"{column} = {Add(parameters, value)}");
        }

        foreach (var (field, range) in filter.RangeConditions())
        {
            if (field == VectorFilter.UpdatedAtField)
            {
                // Unix seconds, as the hot tier stores updated_at; to_timestamp keeps the b-tree on the column usable.
                AddRange(conditions, "updated_at", range, bound => $"to_timestamp({Add(parameters, bound)})");
            }
            else
            {
                // Only JSON numbers qualify: a string in the metadata neither matches nor breaks the cast.
                var key = Add(parameters, field);
                var number = $"(CASE jsonb_typeof(metadata -> {key}) WHEN 'number' THEN (metadata ->> {key})::double precision END)";
                AddRange(conditions, number, range, bound => Add(parameters, bound));
            }
        }

        return conditions.Count == 0 ? string.Empty : $" WHERE {string.Join(" AND ", conditions)}";
    }

    /// <summary>Appends a parameter and returns its placeholder.</summary>
    public static string Add(List<NpgsqlParameter> parameters, string value)
    {
        parameters.Add(Text(value));
        return $"${parameters.Count}";
    }

    private static string Add(List<NpgsqlParameter> parameters, double value)
    {
        parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Double });
        return $"${parameters.Count}";
    }

    private static void AddRange(List<string> conditions, string expression, NumericRange range, Func<double, string> bound)
    {
        if (range.Min is { } min)
        {
            conditions.Add($"{expression} {(range.MinExclusive ? ">" : ">=")} {bound(min)}");
        }

        if (range.Max is { } max)
        {
            conditions.Add($"{expression} {(range.MaxExclusive ? "<" : "<=")} {bound(max)}");
        }
    }
}
