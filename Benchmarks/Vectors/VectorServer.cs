using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Vectors;

/// <summary>What the server reports for one command since the last reset: calls, mean and percentiles in microseconds.</summary>
internal sealed record CommandStats(long Calls, double MeanMicroseconds, double? P50Microseconds, double? P99Microseconds);

/// <summary>A loopback Redis the suite measures on, with the admin commands it needs (CONFIG RESETSTAT, INFO).</summary>
internal sealed class VectorServer : IAsyncDisposable
{
    private VectorServer(ConnectionMultiplexer connection, string description)
    {
        Connection = connection;
        Description = description;
    }

    public ConnectionMultiplexer Connection { get; }

    /// <summary>For example "Redis 8.0.2" or "Redis 8.0.2 with the RediSearch 2.6.37 module".</summary>
    public string Description { get; }

    private IDatabase Database => Connection.GetDatabase();

    /// <summary>Connects to <paramref name="connectionString"/>, which must name loopback endpoints only.</summary>
    public static async Task<VectorServer> ConnectAsync(string connectionString, string variable)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        var remote = configuration.EndPoints.FirstOrDefault(endpoint => endpoint switch
        {
            IPEndPoint ip => !IPAddress.IsLoopback(ip.Address),
            DnsEndPoint dns => dns.Host != "localhost",
            _ => true,
        });
        if (remote is not null)
        {
            throw new InvalidOperationException($"{variable} names {remote}; only a loopback Redis is allowed.");
        }

        configuration.AllowAdmin = true;
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var server = Field(await Info(connection.GetDatabase(), "server"), "redis_version") ?? "?";
        var modules = (RedisResult[])(await connection.GetDatabase().ExecuteAsync("MODULE", "LIST"))!;
        var search = modules.Select(module => ((RedisResult[])module!).Select(item => item.ToString()).ToArray())
            .Select(pairs => Enumerable.Range(0, pairs.Length / 2).ToDictionary(index => pairs[2 * index], index => pairs[(2 * index) + 1], StringComparer.Ordinal))
            .FirstOrDefault(module => module.GetValueOrDefault("name") == "search");
        var description = search is not null && int.TryParse(search.GetValueOrDefault("ver"), CultureInfo.InvariantCulture, out var version)
            ? $"Redis {server} with the RediSearch {version / 10000}.{version / 100 % 100}.{version % 100} module"
            : $"Redis {server}";
        return new VectorServer(connection, description);
    }

    public async Task<long> UsedMemoryAsync() =>
        long.Parse(Field(await Info(Database, "memory"), "used_memory") ?? "0", CultureInfo.InvariantCulture);

    /// <summary>CONFIG RESETSTAT: zeroes commandstats and latencystats.</summary>
    public Task ResetStatsAsync() => Database.ExecuteAsync("CONFIG", "RESETSTAT");

    /// <summary><paramref name="command"/>'s line in INFO commandstats and, where the server tracks it, INFO latencystats.</summary>
    public async Task<CommandStats?> StatsAsync(string command)
    {
        var stats = Field(await Info(Database, "commandstats"), $"cmdstat_{command}");
        if (stats is null)
        {
            return null;
        }

        var counters = Pairs(stats);
        var latency = Field(await Info(Database, "latencystats"), $"latency_percentiles_usec_{command}") is { } line ? Pairs(line) : [];
        return new CommandStats(
            (long)counters.GetValueOrDefault("calls"),
            counters.GetValueOrDefault("usec_per_call"),
            latency.TryGetValue("p50", out var p50) ? p50 : null,
            latency.TryGetValue("p99", out var p99) ? p99 : null);
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();

    private static async Task<string> Info(IDatabase database, string section) => (await database.ExecuteAsync("INFO", section)).ToString();

    private static string? Field(string info, string name) =>
        info.Split('\n').Select(line => line.TrimEnd('\r'))
            .FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..];

    private static Dictionary<string, double> Pairs(string line) =>
        line.Split(',').Select(pair => pair.Split('=', 2)).Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN, StringComparer.Ordinal);
}
