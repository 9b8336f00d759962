using System.Globalization;
using NRedisStack;
using NRedisStack.RedisStackCommands;
using NRedisStack.Search;
using NRedisStack.Search.Literals.Enums;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// Builds the RediSearch commands for a schema and its queries with NRedisStack's command builder, always with
/// DIALECT 2, as argument lists (strings, and byte arrays for vectors) that can be checked argument by argument.
/// </summary>
internal static class RediSearchCommands
{
    /// <summary>The alias the distance is yielded as, and the field results report it in.</summary>
    public const string ScoreField = "score";

    private const string VectorParam = "vec";

    /// <summary><c>FT.CREATE name PREFIX 1 prefix SCHEMA vector VECTOR ... tags... numerics... texts...</c> (ON HASH is the default).</summary>
    public static RediSearchCommand CreateIndex(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate();
        var attributes = new Dictionary<string, object>
        {
            ["TYPE"] = "FLOAT32",
            ["DIM"] = Int(schema.Dimension),
            ["DISTANCE_METRIC"] = MetricName(schema.Metric),
        };
        if (schema.Algorithm == VectorAlgorithm.Hnsw)
        {
            AddIfSet(attributes, "M", schema.M);
            AddIfSet(attributes, "EF_CONSTRUCTION", schema.EfConstruction);
            AddIfSet(attributes, "EF_RUNTIME", schema.EfRuntime);
        }

        var fields = new Schema().AddVectorField(
            schema.VectorField,
            schema.Algorithm == VectorAlgorithm.Hnsw ? Schema.VectorField.VectorAlgo.HNSW : Schema.VectorField.VectorAlgo.FLAT,
            attributes);
        foreach (var tag in schema.TagFields)
        {
            fields.AddTagField(tag);
        }

        foreach (var numeric in schema.NumericFields)
        {
            fields.AddNumericField(numeric.Name, sortable: numeric.Sortable);
        }

        foreach (var text in schema.TextFields)
        {
            fields.AddTextField(text);
        }

        return From(SearchCommandBuilder.Create(schema.Name, new FTCreateParams().On(IndexDataType.HASH).Prefix(schema.KeyPrefix), fields));
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
        var search = new Query($"{prefilter}=>[KNN {Int(query.K)} @{schema.VectorField} ${VectorParam}{ef} AS {ScoreField}]")
            .AddParam(VectorParam, VectorEncoding.ToFloat32Bytes(query.Vector));
        if (query.EfRuntime is { } efRuntime)
        {
            search.AddParam("ef", Int(efRuntime));
        }

        // Without LIMIT, FT.SEARCH stops at 10 results even when K asks for more.
        return Search(index, search, query.SortByScore, query.ReturnFields, query.Limit ?? (query.K > 10 ? query.K : null));
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

        var search = new Query(text)
            .AddParam("r", RediSearchQuery.FormatNumber(query.Radius))
            .AddParam(VectorParam, VectorEncoding.ToFloat32Bytes(query.Vector));
        return Search(index, search, query.SortByScore, query.ReturnFields, query.Limit);
    }

    /// <summary><c>FT.SEARCH index "filter" [RETURN ...] [LIMIT 0 n] DIALECT 2</c>: documents by filter alone, no vector.</summary>
    public static RediSearchCommand FilterOnly(
        VectorIndexSchema schema, string index, VectorFilter filter, IReadOnlyList<string>? returnFields = null, int? limit = null)
    {
        RequireIndex(index);
        var text = RediSearchQuery.RenderFilter(filter, schema);
        return Search(index, new Query(text.Length == 0 ? "*" : text), sortByScore: false, returnFields, limit);
    }

    /// <summary><c>FT.ALIASADD alias index</c>: point a new alias at an index.</summary>
    public static RediSearchCommand AliasAdd(string alias, string index) => From(SearchCommandBuilder.AliasAdd(RequireIndex(alias), RequireIndex(index)));

    /// <summary><c>FT.ALIASUPDATE alias index</c>: move an alias to another index atomically.</summary>
    public static RediSearchCommand AliasUpdate(string alias, string index) => From(SearchCommandBuilder.AliasUpdate(RequireIndex(alias), RequireIndex(index)));

    /// <summary><c>FT.INFO index</c>.</summary>
    public static RediSearchCommand Info(string index) => From(SearchCommandBuilder.Info(RequireIndex(index)));

    /// <summary><c>FT.DROPINDEX index [DD]</c>; DD also deletes the documents' hashes.</summary>
    public static RediSearchCommand DropIndex(string index, bool deleteDocuments = false) =>
        From(SearchCommandBuilder.DropIndex(RequireIndex(index), deleteDocuments));

    /// <summary>The metric's name in FT.CREATE.</summary>
    public static string MetricName(VectorMetric metric) => metric switch
    {
        VectorMetric.Cosine => "COSINE",
        VectorMetric.InnerProduct => "IP",
        VectorMetric.L2 => "L2",
        _ => throw new ArgumentException($"Metric '{metric}' is unknown; use Cosine, InnerProduct or L2.", nameof(metric)),
    };

    private static RediSearchCommand Search(string index, Query search, bool sortByScore, IReadOnlyList<string>? returnFields, int? limit)
    {
        if (sortByScore)
        {
            search.SetSortBy(ScoreField);
        }

        if (returnFields is not null)
        {
            foreach (var field in returnFields)
            {
                if (!VectorIndexSchema.IsSafeIdentifier(field))
                {
                    throw new ArgumentException($"Return field '{field}' is not a safe identifier.", nameof(returnFields));
                }
            }

            search.ReturnFields([.. returnFields]);
        }

        if (limit is not null)
        {
            if (limit < 0)
            {
                throw new ArgumentException($"Limit must be 0 or more; it is {limit}.", nameof(limit));
            }

            search.Limit(0, limit.Value);
        }

        return From(SearchCommandBuilder.Search(index, search.Dialect(2)));
    }

    // NRedisStack's arguments as sent: numbers in invariant culture, vectors as bytes.
    private static RediSearchCommand From(SerializedCommand command) =>
        new(command.Command, [.. command.Args.Select(argument => argument switch
        {
            byte[] bytes => (object)bytes,
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => argument.ToString() ?? string.Empty,
        })]);

    private static string RequireIndex(string index)
    {
        if (string.IsNullOrWhiteSpace(index) || index.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException("An index or alias name must be non-empty, without whitespace or control characters.", nameof(index));
        }

        return index;
    }

    private static void AddIfSet(Dictionary<string, object> attributes, string name, int? value)
    {
        if (value is not null)
        {
            attributes[name] = Int(value.Value);
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
