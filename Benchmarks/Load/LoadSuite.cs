using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using RedisAspire.Benchmarks.Replay;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.ServiceDefaults.Identity;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Load;

/// <summary>
/// The load and soak test: the Api and the Worker of the Release build as processes of their own over the throw-away
/// Redis and PostgreSQL of <c>eng/benchmark.sh</c>, mixed traffic (<see cref="MixedTraffic"/>) at several client counts,
/// each beside a raw StackExchange.Redis floor on the same Redis, then a soak at moderate load. Loopback only, bounded
/// in time: it stops by itself.
/// </summary>
internal static class LoadSuite
{
    /// <summary>The pids of the benchmark's Redis and PostgreSQL, which <c>eng/benchmark.sh</c> sets.</summary>
    public const string RedisPidVariable = "REDISASPIRE_BENCHMARK_REDIS_PID";
    public const string PostgresPidVariable = "REDISASPIRE_BENCHMARK_POSTGRES_PID";
    public const string RedisBenchmarkVariable = "REDISASPIRE_BENCHMARK_REDIS_BENCHMARK";

    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "load-report.md");
    private static readonly string[] Tenants = ["tidewater", "harbor", "summit", "meadow"];

    private static readonly string[] Sentences =
    [
        "Unopened insulin pens are kept in the refrigerator and never frozen.", "The ferry leaves the north pier every twenty minutes.",
        "Residents apply for a parking permit at the town hall.", "The library opens at nine on weekdays and at ten on Saturdays.",
        "Glass and paper are collected on alternate Tuesdays.", "Swimming lessons run in blocks of ten weeks with a test at the end.",
        "Every dish on the lunch menu lists its allergens.", "Night buses run hourly between the station and the campus.",
        "Backups are taken every night and kept for thirty days.", "A replica takes over when the primary fails its health check.",
        "Invoices are due thirty days after the end of the month.", "Visitors sign in at the front desk and wear a badge.",
        "The heating is serviced every autumn before the first frost.", "Lost cards are blocked at once from the banking app.",
        "Returns are accepted within fourteen days with a receipt.", "The clinic takes walk-in patients until noon.",
        "Wine is served by the glass or by the bottle.", "Reservations for more than eight guests need a deposit.",
        "The index is rebuilt in the background while searches go on.", "Passwords expire after ninety days and cannot be reused.",
        "Children under five travel free with a paying adult.", "The pool closes for cleaning on the first Monday of the month.",
        "Meeting rooms are booked through the calendar.", "Orders placed before two o'clock ship the same day.",
        "The car park is free after six in the evening.", "Vaccination records are kept for ten years.",
        "The staff canteen serves breakfast from seven.", "Fire drills take place every quarter without notice.",
        "Software updates are installed on Sunday nights.", "Guests can borrow umbrellas from the reception.",
    ];

    /// <summary>
    /// Options: <c>--clients</c> (1,8,32), <c>--seconds</c> per level (60), <c>--documents</c> (2,000),
    /// <c>--soak-minutes</c> (10; 0 skips the soak), <c>--soak-clients</c> (8).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        int[] levels = VectorSuite.Option(args, "--clients") is { } list ? [.. list.Split(',').Select(value => int.Parse(value, CultureInfo.InvariantCulture))] : [1, 8, 32];
        var seconds = VectorSuite.Integer(args, "--seconds") ?? 60;
        var documents = VectorSuite.Integer(args, "--documents") ?? 2_000;
        var soakMinutes = VectorSuite.Integer(args, "--soak-minutes") ?? 10;
        var soakClients = VectorSuite.Integer(args, "--soak-clients") ?? 8;
        var (redisAddress, postgres) = BenchmarkServers.Require("--load");
        await using (await ReplaySuite.OpenPostgresAsync(postgres))
        {
            // The vector extension, created as the AppHost creates it before any service starts.
        }

        var started = DateTimeOffset.UtcNow;
        var loadBefore = VectorSuite.LoadAverage();
        var signingKey = DevelopmentIssuer.NewKey();
        Dictionary<string, string> servers = new() { ["ConnectionStrings:cache"] = redisAddress, ["ConnectionStrings:db"] = postgres };
        await using var worker = await AppProcess.StartAsync("Worker", new Dictionary<string, string>(servers)
        {
            ["Ingestion:SeedSampleCorpus"] = "false",
            ["HotSet:ColdStartInterval"] = "00:00:01",
        });
        await using var api = await AppProcess.StartAsync("Api", new Dictionary<string, string>(servers)
        {
            [DevelopmentIssuer.SigningKeySetting] = signingKey,
            ["RateLimits:Burst"] = "1000000",
            ["RateLimits:PerSecond"] = "1000000",
        });
        using var http = new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", new DevelopmentIssuer(signingKey).Issue("load", [], [CallerClaims.AdminRole], TimeSpan.FromHours(3), DateTimeOffset.UtcNow));
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{redisAddress},allowAdmin=true");

        output.WriteLine($"-- seeding {documents:N0} documents --");
        await SeedAsync(http, documents, output);
        var questions = Enumerable.Range(0, 300).Select(index => (Text: index < Sentences.Length ? Sentences[index] : $"Tell me, please: {Sentences[index % Sentences.Length]} ({index / Sentences.Length})", Tenant: Tenants[index % Tenants.Length])).ToArray();
        var traffic = new MixedTraffic(http, questions);
        output.WriteLine("-- warming the caches: every question once --");
        await traffic.WarmAsync();

        var processes = Processes(api, worker);
        var runId = Guid.NewGuid().ToString("N")[..6];
        var results = new List<LoadLevel>();
        foreach (var clients in levels)
        {
            output.WriteLine($"-- {clients} clients, {seconds} s --");
            var cpuBefore = processes.ToDictionary(process => process.Key, process => ProcessFigures.CpuSeconds(process.Value));
            var duration = TimeSpan.FromSeconds(seconds);
            var calls = await traffic.RunAsync(clients, duration, TimeSpan.Zero, runId);
            var cpu = processes.ToDictionary(process => process.Key, process => 100 * (ProcessFigures.CpuSeconds(process.Value) - cpuBefore[process.Key]) / duration.TotalSeconds);
            var floor = await RedisFloor.RawGetAsync(redis, clients, TimeSpan.FromSeconds(Math.Min(seconds, 15)));
            results.Add(new LoadLevel(clients, duration, calls, floor, cpu));
            output.WriteLine($"   {calls.Count / duration.TotalSeconds:N0} calls/s, {calls.Count(call => call.Failed)} failed; floor {floor.PerSecond:N0} GET/s");
        }

        var redisBenchmark = Environment.GetEnvironmentVariable(RedisBenchmarkVariable) is { Length: > 0 } path && File.Exists(path) ? await File.ReadAllTextAsync(path) : null;
        var report = new StringBuilder();
        report.AppendLine("# Load and soak");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average before: {loadBefore}. {documents:N0} documents in 4 tenants; the Api and the Worker of the Release build; Redis and PostgreSQL of the benchmark; the clients in this process.");
        report.AppendLine(CultureInfo.InvariantCulture, $"- Each level: {seconds} s of closed-loop clients; the floor: a raw StackExchange.Redis GET loop of a 1,600-byte value at the same concurrency, {Math.Min(seconds, 15)} s, right after. CPU: % of one core over the level.");
        report.AppendLine();
        report.Append(LoadReport.Levels(results, redisBenchmark));
        await WriteAsync(report.ToString());

        if (soakMinutes > 0)
        {
            output.WriteLine($"-- soak: {soakClients} clients with 10 ms pauses for {soakMinutes} minutes --");
            var samples = new List<SoakSample> { await SampleAsync(TimeSpan.Zero, [], processes, redis, postgres) };
            var soakStarted = DateTimeOffset.UtcNow;
            while (DateTimeOffset.UtcNow - soakStarted < TimeSpan.FromMinutes(soakMinutes))
            {
                var calls = await traffic.RunAsync(soakClients, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(10), $"{runId}s");
                samples.Add(await SampleAsync(DateTimeOffset.UtcNow - soakStarted, calls, processes, redis, postgres));
                output.WriteLine($"   {samples[^1].At.TotalMinutes:0.0} min: {calls.Count} calls, {samples[^1].Failed} failed");
            }

            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Soak: {soakClients} clients, 10 ms between calls, {soakMinutes} minutes, the same mix.");
            report.AppendLine();
            report.Append(LoadReport.Soak(samples));
            await WriteAsync(report.ToString());
        }

        output.WriteLine();
        output.WriteLine(report);
        output.WriteLine($"Written to {ReportPath}");
        return results.All(level => level.Calls.All(call => !call.Failed)) ? 0 : 1;
    }

    private static Dictionary<string, int> Processes(AppProcess api, AppProcess worker)
    {
        var processes = new Dictionary<string, int> { ["Api"] = api.Id, ["Worker"] = worker.Id, ["clients"] = ProcessFigures.Self };
        foreach (var (name, variable) in new[] { ("Redis", RedisPidVariable), ("PostgreSQL", PostgresPidVariable) })
        {
            if (int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var pid))
            {
                processes[name] = pid;
            }
        }

        return processes;
    }

    private static async Task SeedAsync(HttpClient http, int count, TextWriter output)
    {
        var operations = new List<string>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(500))
        {
            var documents = batch.Select(index => new
            {
                id = $"load-doc-{index}",
                tenant = Tenants[index % Tenants.Length],
                language = "en",
                title = $"Handbook item {index}",
                body = $"Handbook item {index}. {Sentences[index % Sentences.Length]} {Sentences[(index * 7 + 3) % Sentences.Length]}",
            });
            using var response = await http.PostAsJsonAsync("/ingest/documents", new { documents });
            response.EnsureSuccessStatusCode();
            operations.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("operationId").GetString()!);
        }

        var deadline = DateTimeOffset.UtcNow.AddMinutes(30);
        foreach (var operation in operations)
        {
            while ((await http.GetFromJsonAsync<JsonElement>($"/operations/{operation}")).GetProperty("state").GetString() != "Completed")
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new TimeoutException("The seed documents were not applied within 30 minutes.");
                }

                await Task.Delay(500);
            }
        }

        while ((await http.GetFromJsonAsync<JsonElement>("/hotset")).GetProperty("documents").GetInt64() == 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("The hot set was not loaded.");
            }

            await Task.Delay(500);
        }

        output.WriteLine($"   applied; the hot tier holds {(await http.GetFromJsonAsync<JsonElement>("/hotset")).GetProperty("documents").GetInt64():N0} documents");
    }

    private static async Task<SoakSample> SampleAsync(TimeSpan at, List<LoadCall> calls, Dictionary<string, int> processes, ConnectionMultiplexer redis, string postgres)
    {
        var keyspace = (await redis.GetServers()[0].InfoAsync("keyspace")).SelectMany(group => group).FirstOrDefault(pair => pair.Key == "db0").Value ?? "keys=0,expires=0";
        var fields = keyspace.Split(',').Select(field => field.Split('=')).ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'", connection);
        var connections = (long)(await command.ExecuteScalarAsync())! - 1;
        return new SoakSample(at, calls.Count, calls.Count(call => call.Failed),
            processes.Where(process => process.Key != "clients").ToDictionary(process => process.Key, process => ProcessFigures.ResidentMegabytes(process.Value)),
            fields["keys"] - fields["expires"], fields["keys"], connections);
    }

    private static async Task WriteAsync(string markdown)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, markdown);
    }

}
