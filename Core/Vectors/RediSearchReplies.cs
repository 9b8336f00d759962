using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>Reads RediSearch replies (RESP2 shapes) into results, and error replies into <see cref="RediSearchException"/>.</summary>
internal static class RediSearchReplies
{
    /// <summary>
    /// Reads an FT.SEARCH reply, <c>[total, id, [field, value, ...], id, ...]</c>. The distance is read from
    /// <see cref="RediSearchCommands.ScoreField"/>; the vector field is left out of <see cref="VectorHit.Fields"/>, and
    /// NUMERIC values are written as <see cref="HitFields"/> writes them.
    /// </summary>
    public static VectorSearchResult ParseSearch(RedisResult reply, VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var items = Array(reply, "FT.SEARCH");
        if (items.Length == 0)
        {
            throw Malformed("FT.SEARCH", "an empty array");
        }

        var total = (long)items[0];
        var hits = new List<VectorHit>();
        for (var i = 1; i < items.Length; i++)
        {
            var id = (string?)items[i] ?? throw Malformed("FT.SEARCH", "a document without an id");
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            double? distance = null;
            if (i + 1 < items.Length && items[i + 1].Resp2Type == ResultType.Array)
            {
                var pairs = (RedisResult[])items[++i]!;
                for (var p = 0; p + 1 < pairs.Length; p += 2)
                {
                    var name = (string)pairs[p]!;
                    if (name == RediSearchCommands.ScoreField)
                    {
                        distance = ParseDouble((string?)pairs[p + 1], "FT.SEARCH");
                    }
                    else if (name != schema.VectorField)
                    {
                        fields[name] = FieldValue(schema, name, (string?)pairs[p + 1] ?? string.Empty);
                    }
                }
            }

            hits.Add(new VectorHit(id, distance, Similarity(schema.Metric, distance), fields));
        }

        return new VectorSearchResult(total, hits);
    }

    // A hash holds what its writer wrote: this service writes numbers as HitFields does, another writer may not ("1.5e3").
    private static string FieldValue(VectorIndexSchema schema, string name, string value) =>
        schema.IsNumericField(name) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? HitFields.FormatNumber(number)
            : value;

    /// <summary>Reads an FT.INFO reply, a flat <c>[name, value, ...]</c> array; figures the server leaves out read as 0.</summary>
    public static VectorIndexInfo ParseInfo(RedisResult reply)
    {
        var items = Array(reply, "FT.INFO");
        var values = new Dictionary<string, RedisResult>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            values[(string)items[i]!] = items[i + 1];
        }

        string Text(string key) => values.TryGetValue(key, out var v) ? (string?)v ?? string.Empty : string.Empty;
        double Number(string key) => values.ContainsKey(key) ? ParseDouble(Text(key), "FT.INFO") : 0;

        return new VectorIndexInfo(
            Text("index_name"),
            (long)Number("num_docs"),
            Number("indexing") != 0,
            Number("percent_indexed"),
            (long)Number("hash_indexing_failures"),
            Number("vector_index_sz_mb"),
            Number("total_index_memory_sz_mb"));
    }

    /// <summary>Throws a <see cref="RediSearchException"/> for an error reply; does nothing otherwise.</summary>
    public static void ThrowIfError(RedisResult reply, string command)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Resp2Type == ResultType.Error)
        {
            throw FromServerError(command, reply.ToString() ?? string.Empty);
        }
    }

    /// <summary>The exception for a server error message, classified (for example a <see cref="RedisServerException"/>'s message).</summary>
    public static RediSearchException FromServerError(string command, string serverMessage, Exception? innerException = null)
    {
        ArgumentNullException.ThrowIfNull(serverMessage);
        var kind = serverMessage switch
        {
            _ when Has(serverMessage, "no such index") || Has(serverMessage, "unknown index name") => RediSearchErrorKind.IndexNotFound,
            _ when Has(serverMessage, "index already exists") => RediSearchErrorKind.IndexExists,
            _ when Has(serverMessage, "blob size") => RediSearchErrorKind.VectorSizeMismatch,
            _ when Has(serverMessage, "syntax error") => RediSearchErrorKind.Syntax,
            _ when Has(serverMessage, "bad arguments") => RediSearchErrorKind.BadArguments,
            _ => RediSearchErrorKind.Other,
        };
        return new RediSearchException(command, kind, serverMessage, innerException);
    }

    /// <summary>COSINE similarity from RediSearch's cosine distance: 1 - distance, clamped to [0, 1]; null for other metrics.</summary>
    public static double? Similarity(VectorMetric metric, double? distance) =>
        metric == VectorMetric.Cosine && distance is { } d ? Math.Clamp(1 - d, 0, 1) : null;

    private static RedisResult[] Array(RedisResult reply, string command)
    {
        ThrowIfError(reply, command);
        return reply.Resp2Type == ResultType.Array && !reply.IsNull
            ? (RedisResult[])reply!
            : throw Malformed(command, $"a {reply.Resp2Type} instead of an array");
    }

    private static double ParseDouble(string? text, string command) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw Malformed(command, "a figure that is not a number"),
    };

    private static bool Has(string message, string part) => message.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static RediSearchException Malformed(string command, string what) =>
        new(command, RediSearchErrorKind.Other, $"unexpected reply: {what}");
}
