using System.Globalization;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// Shows a KNN query in both engines' syntax, whichever engine the hot tier runs: the commands are the ones the
/// engines' indexes send (<see cref="RediSearchIndex.KnnCommand"/>, <see cref="VectorSetsIndex.KnnArguments"/>), with only
/// the vector shortened.
/// </summary>
public static class HotTierQueries
{
    /// <summary>What stands for the vector's FLOAT32 bytes in either engine's command: <c>&lt;vector: 1536 bytes&gt;</c>.</summary>
    public const string VectorBytesPlaceholder = "<vector: {0} bytes>";

    /// <summary>The query in each engine's syntax; null when neither can write it.</summary>
    public static HotTierQuerySyntax? Render(VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        var syntax = new HotTierQuerySyntax(RediSearch(schema, query), VectorSets(schema, query));
        return syntax is { RediSearch: null, VectorSets: null } ? null : syntax;
    }

    private static RediSearchQuerySyntax? RediSearch(VectorIndexSchema schema, KnnQuery query)
    {
        RediSearchCommand command;
        try
        {
            command = RediSearchIndex.KnnCommand(schema, query);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var arguments = command.Args.Select(Show).ToList();

        // FT.SEARCH index query ... PARAMS n name value name value ...
        var parameters = new List<string>();
        var at = arguments.IndexOf("PARAMS");
        if (at >= 0)
        {
            var count = int.Parse(arguments[at + 1], CultureInfo.InvariantCulture);
            for (var index = 0; index < count; index += 2)
            {
                parameters.Add(arguments[at + 2 + index]);
            }
        }

        return new RediSearchQuerySyntax(arguments[0], arguments[1], parameters, [command.Name, .. arguments]);

        static string Show(object argument) => argument is byte[] bytes
            ? string.Format(CultureInfo.InvariantCulture, VectorBytesPlaceholder, bytes.Length)
            : (string)argument;
    }

    private static VectorSetsQuerySyntax? VectorSets(VectorIndexSchema schema, KnnQuery query)
    {
        IReadOnlyList<object> arguments;
        try
        {
            arguments = VectorSetsIndex.KnnArguments(schema, query);
        }
        catch (ArgumentException)
        {
            return null;
        }

        List<string> shown = ["VSIM", .. arguments.Select(Show)];
        var filter = shown.IndexOf("FILTER");
        return new VectorSetsQuerySyntax(shown[1], filter < 0 ? null : shown[filter + 1], shown);

        static string Show(object argument) => argument switch
        {
            byte[] bytes => string.Format(CultureInfo.InvariantCulture, VectorBytesPlaceholder, bytes.Length),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => argument.ToString() ?? string.Empty,
        };
    }
}
