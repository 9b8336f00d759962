using System.Globalization;
using System.Text;
using System.Text.Json;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Tests.Unit.Vectors;

/// <summary>The real RediSearch 2.6.37 commands and RESP2 replies in Data/redisearch-2.6.37-replies.json.</summary>
internal static class RecordedReplies
{
    private const string Float32Prefix = "<float32 LE ";

    private static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(Load);

    /// <summary>The schema as the recording created it (DIM 4).</summary>
    public static VectorIndexSchema RecordedSchema { get; } = new() { Name = "idx:embeddings", Dimension = 4 };

    /// <summary>The recorded command, name first, each argument as bytes (vector placeholders turned into their FLOAT32 bytes).</summary>
    public static IReadOnlyList<string> Command(string name) =>
        Cases.Value[name].GetProperty("command").EnumerateArray().Select(a => Show(ToBytes(a.GetString()!))).ToList();

    /// <summary>The recorded reply, read as StackExchange.Redis would hand it over.</summary>
    public static RedisResult Reply(string name) =>
        Resp2Reader.Read(Convert.FromBase64String(Cases.Value[name].GetProperty("reply_resp2_base64").GetString()!));

    /// <summary>The built command in the same form as <see cref="Command"/>.</summary>
    public static IReadOnlyList<string> Show(RediSearchCommand command) =>
        new[] { Show(Encoding.UTF8.GetBytes(command.Name)) }
            .Concat(command.Args.Select(a => Show(a switch
            {
                string s => Encoding.UTF8.GetBytes(s),
                byte[] b => b,
                _ => throw new InvalidOperationException($"Argument of type {a.GetType()} is neither string nor bytes."),
            })))
            .ToList();

    /// <summary>
    /// A command in a form where the order of FT.SEARCH's clauses (PARAMS, SORTBY, RETURN, LIMIT, DIALECT) does not
    /// count and FT.CREATE's default ON HASH is explicit, as the server reads them; every argument still counts.
    /// </summary>
    public static IReadOnlyList<string> AsServerReadsIt(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command[0] == "FT.CREATE")
        {
            return command.Count > 3 && command[2] == "ON" ? command : [.. command.Take(2), "ON", "HASH", .. command.Skip(2)];
        }

        if (command[0] != "FT.SEARCH")
        {
            return command;
        }

        var clauses = new List<string>();
        for (var i = 3; i < command.Count;)
        {
            var arity = command[i] switch
            {
                "PARAMS" or "RETURN" => 1 + int.Parse(command[i + 1], CultureInfo.InvariantCulture),
                "LIMIT" => 2,
                "SORTBY" when i + 2 < command.Count && command[i + 2] is "ASC" or "DESC" => 2,
                _ => 1,
            };
            clauses.Add(string.Join(' ', command.Skip(i).Take(arity + 1)));
            i += arity + 1;
        }

        return [.. command.Take(3), .. clauses.Order(StringComparer.Ordinal)];
    }

    private static byte[] ToBytes(string argument)
    {
        if (argument.StartsWith(Float32Prefix, StringComparison.Ordinal) && argument.EndsWith('>'))
        {
            var floats = argument[Float32Prefix.Length..^1].Split(',').Select(f => float.Parse(f, CultureInfo.InvariantCulture)).ToArray();
            return VectorEncoding.ToFloat32Bytes(floats);
        }

        return Encoding.UTF8.GetBytes(argument);
    }

    // Printable text stays readable in assertion messages; anything else (vectors) is compared as hex.
    private static string Show(byte[] bytes) =>
        bytes.All(b => b is >= 0x20 and < 0x7f) ? Encoding.ASCII.GetString(bytes) : "0x" + Convert.ToHexString(bytes);

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "redisearch-2.6.37-replies.json");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.GetProperty("cases").EnumerateArray()
            .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.Clone());
    }
}
