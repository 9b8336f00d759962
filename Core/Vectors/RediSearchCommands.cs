using System.Globalization;

namespace RedisAspire.Core.Vectors;

/// <summary>Builds the RediSearch commands for a schema and its queries as plain argument lists, always with DIALECT 2.</summary>
public static class RediSearchCommands
{
    /// <summary>The alias the distance is yielded as, and the field results report it in.</summary>
    public const string ScoreField = "score";

    private const string VectorParam = "vec";

    /// <summary><c>FT.CREATE name ON HASH PREFIX 1 prefix SCHEMA vector VECTOR ... tags... numerics... texts...</c>.</summary>
    public static RediSearchCommand CreateIndex(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate();
        var vectorArgs = new List<object> { "TYPE", "FLOAT32", "DIM", Int(schema.Dimension), "DISTANCE_METRIC", MetricName(schema.Metric) };
        if (schema.Algorithm == VectorAlgorithm.Hnsw)
        {
            AddIfSet(vectorArgs, "M", schema.M);
            AddIfSet(vectorArgs, "EF_CONSTRUCTION", schema.EfConstruction);
            AddIfSet(vectorArgs, "EF_RUNTIME", schema.EfRuntime);
        }

        var args = new List<object>
        {
            schema.Name, "ON", "HASH", "PREFIX", "1", schema.KeyPrefix, "SCHEMA",
            schema.VectorField, "VECTOR", schema.Algorithm == VectorAlgorithm.Hnsw ? "HNSW" : "FLAT", Int(vectorArgs.Count),
        };
        args.AddRange(vectorArgs);
        foreach (var tag in schema.TagFields)
        {
            args.Add(tag);
            args.Add("TAG");
        }

        foreach (var numeric in schema.NumericFields)
        {
            args.Add(numeric.Name);
            args.Add("NUMERIC");
            if (numeric.Sortable)
            {
                args.Add("SORTABLE");
            }
        }

        foreach (var text in schema.TextFields)
        {
            args.Add(text);
            args.Add("TEXT");
        }

        return new("FT.CREATE", args);
    }

    /// <summary>
    /// <c>FT.SEARCH index "(filter)=>[KNN k @vector $vec [EF_RUNTIME $ef] AS score]" PARAMS ... [SORTBY score] [RETURN ...] [LIMIT] DIALECT 2</c>;
    /// <paramref name="index"/> may be an alias.
    /// </summary>
    public static RediSearchCommand Knn(VectorIndexSchema schema, string index, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(schema);
        RequireIndex(index);
        VectorQueryLimits.Validate(schema, query);

        var filter = RediSearchQuery.RenderFilter(query.Filter, schema);
        var prefilter = filter.Length == 0 ? "*" : $"({filter})";
        var ef = query.EfRuntime is null ? string.Empty : " EF_RUNTIME $ef";
        var text = $"{prefilter}=>[KNN {Int(query.K)} @{schema.VectorField} ${VectorParam}{ef} AS {ScoreField}]";

        var args = new List<object> { index, text, "PARAMS", query.EfRuntime is null ? "2" : "4", VectorParam, VectorEncoding.ToFloat32Bytes(query.Vector) };
        if (query.EfRuntime is not null)
        {
            args.Add("ef");
            args.Add(Int(query.EfRuntime.Value));
        }

        // Without LIMIT, FT.SEARCH stops at 10 results even when K asks for more.
        var limit = query.Limit ?? (query.K > 10 ? query.K : null);
        AddTail(args, query.SortByScore, query.ReturnFields, limit);
        return new("FT.SEARCH", args);
    }

    /// <summary>
    /// <c>FT.SEARCH index "@vector:[VECTOR_RANGE $r $vec]=>{$YIELD_DISTANCE_AS: score} [filter]" PARAMS 4 r radius vec bytes ... DIALECT 2</c>.
    /// </summary>
    public static RediSearchCommand Range(VectorIndexSchema schema, string index, VectorRangeQuery query)
    {
        ArgumentNullException.ThrowIfNull(schema);
        RequireIndex(index);
        VectorQueryLimits.Validate(schema, query);

        var filter = RediSearchQuery.RenderFilter(query.Filter, schema);

        // The filter follows the range clause, so the yielded distance stays attached to the range; the integration
        // tests on a query engine check that the filtered form returns only matching documents within the radius.
        var text = $"@{schema.VectorField}:[VECTOR_RANGE $r ${VectorParam}]=>{{$YIELD_DISTANCE_AS: {ScoreField}}}";
        if (filter.Length > 0)
        {
            text += " " + filter;
        }

        var args = new List<object>
        {
            index, text, "PARAMS", "4", "r", RediSearchQuery.FormatNumber(query.Radius), VectorParam, VectorEncoding.ToFloat32Bytes(query.Vector),
        };
        AddTail(args, query.SortByScore, query.ReturnFields, query.Limit);
        return new("FT.SEARCH", args);
    }

    /// <summary><c>FT.SEARCH index "filter" [RETURN ...] [LIMIT 0 n] DIALECT 2</c>: documents by filter alone, no vector.</summary>
    public static RediSearchCommand FilterOnly(
        VectorIndexSchema schema, string index, VectorFilter filter, IReadOnlyList<string>? returnFields = null, int? limit = null)
    {
        RequireIndex(index);
        var text = RediSearchQuery.RenderFilter(filter, schema);
        var args = new List<object> { index, text.Length == 0 ? "*" : text };
        AddTail(args, sortByScore: false, returnFields, limit);
        return new("FT.SEARCH", args);
    }

    /// <summary><c>FT.ALIASADD alias index</c>: point a new alias at an index.</summary>
    public static RediSearchCommand AliasAdd(string alias, string index) => new("FT.ALIASADD", [RequireIndex(alias), RequireIndex(index)]);

    /// <summary><c>FT.ALIASUPDATE alias index</c>: move an alias to another index atomically.</summary>
    public static RediSearchCommand AliasUpdate(string alias, string index) => new("FT.ALIASUPDATE", [RequireIndex(alias), RequireIndex(index)]);

    /// <summary><c>FT.INFO index</c>.</summary>
    public static RediSearchCommand Info(string index) => new("FT.INFO", [RequireIndex(index)]);

    /// <summary><c>FT.DROPINDEX index [DD]</c>; DD also deletes the documents' hashes.</summary>
    public static RediSearchCommand DropIndex(string index, bool deleteDocuments = false) =>
        new("FT.DROPINDEX", deleteDocuments ? [RequireIndex(index), "DD"] : [RequireIndex(index)]);

    /// <summary>The metric's name in FT.CREATE.</summary>
    public static string MetricName(VectorMetric metric) => metric switch
    {
        VectorMetric.Cosine => "COSINE",
        VectorMetric.InnerProduct => "IP",
        VectorMetric.L2 => "L2",
        _ => throw new ArgumentException($"Metric '{metric}' is unknown; use Cosine, InnerProduct or L2.", nameof(metric)),
    };

    private static void AddTail(List<object> args, bool sortByScore, IReadOnlyList<string>? returnFields, int? limit)
    {
        if (sortByScore)
        {
            args.Add("SORTBY");
            args.Add(ScoreField);
        }

        if (returnFields is not null)
        {
            args.Add("RETURN");
            args.Add(Int(returnFields.Count));
            foreach (var field in returnFields)
            {
                if (!VectorIndexSchema.IsSafeIdentifier(field))
                {
                    throw new ArgumentException($"Return field '{field}' is not a safe identifier.", nameof(returnFields));
                }

                args.Add(field);
            }
        }

        if (limit is not null)
        {
            if (limit < 0)
            {
                throw new ArgumentException($"Limit must be 0 or more; it is {limit}.", nameof(limit));
            }

            args.Add("LIMIT");
            args.Add("0");
            args.Add(Int(limit.Value));
        }

        args.Add("DIALECT");
        args.Add("2");
    }

    private static string RequireIndex(string index)
    {
        if (string.IsNullOrWhiteSpace(index) || index.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("An index or alias name must be non-empty, without whitespace or control characters.", nameof(index));
        }

        return index;
    }

    private static void AddIfSet(List<object> args, string name, int? value)
    {
        if (value is not null)
        {
            args.Add(name);
            args.Add(Int(value.Value));
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
