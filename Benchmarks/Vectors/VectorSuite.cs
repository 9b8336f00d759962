using System.Diagnostics;
using System.Globalization;
using System.Text;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Benchmarks.Vectors;

/// <summary>
/// Vector search on both engines of the vector hot tier, through <see cref="IVectorIndex"/> as the product calls it,
/// beside an in-process exact scan: per corpus size, filter and k, client latency, server-side latency, throughput at
/// 1 and 8 concurrent clients, recall against the exact answer, memory per vector and loading rate.
/// </summary>
internal static class VectorSuite
{
    public const string QueryEngineVariable = "REDISASPIRE_QUERY_ENGINE_REDIS";

    private const int Dimensions = 384;
    private const int LoadConcurrency = 16;
    private const int ManyClients = 8;
    private const int TruthK = 10;
    private static readonly int[] DefaultSizes = [2_000, 5_000, VectorCorpus.MaxDocuments];
    private static readonly int[] Ks = [5, 10];
    private static readonly QueryFilter[] QueryFilters = [QueryFilter.None, QueryFilter.Tenant, QueryFilter.Hybrid];

    /// <summary>
    /// HNSW candidates per query: RediSearch's own default, a middle a deployment may set (<c>Vectors:EfRuntime</c>), and the
    /// product's max(100, 10k) for k up to 10.
    /// </summary>
    private static readonly int[] Efs = [10, 50, 100];

    private static readonly string CacheDirectory = Path.Combine("BenchmarkDotNet.Artifacts", "vectors");
    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "vector-search-report.md");

    private delegate ValueTask<int[]> Search(int query, CancellationToken cancellationToken);

    /// <summary>Runs every size (or those of <c>--sizes 2000,5000</c>), each timed pass lasting <c>--seconds</c> (default 3).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var sizes = Option(args, "--sizes") is { } list
            ? [.. list.Split(',').Select(size => int.Parse(size, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))]
            : DefaultSizes;
        var seconds = Option(args, "--seconds") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : 3;
        var duration = TimeSpan.FromSeconds(seconds);

        var corpus = await VectorCorpus.LoadAsync(sizes.Max(), CacheDirectory, output);
        var loadBefore = LoadAverage();
        var started = DateTimeOffset.UtcNow;
        output.WriteLine($"Load average at start: {loadBefore}");

        var benchmarkRedis = Environment.GetEnvironmentVariable(BenchmarkRedis.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(benchmarkRedis))
        {
            throw new InvalidOperationException($"{BenchmarkRedis.EnvironmentVariable} is not set: run ./eng/benchmark.sh --vectors.");
        }

        await using var vectorSets = await VectorServer.ConnectAsync(benchmarkRedis, BenchmarkRedis.EnvironmentVariable);
        var queryEngineRedis = Environment.GetEnvironmentVariable(QueryEngineVariable);
        await using var queryEngine = string.IsNullOrWhiteSpace(queryEngineRedis) ? null : await VectorServer.ConnectAsync(queryEngineRedis, QueryEngineVariable);
        var skipped = queryEngine is null
            ? $"RediSearch skipped: {QueryEngineVariable} is not set (it takes the connection string of a loopback Redis with the query engine)."
            : queryEngine.Description.Contains("RediSearch", StringComparison.Ordinal)
                ? null
                : $"RediSearch skipped: {QueryEngineVariable} names {queryEngine.Description}, without the query engine.";
        output.WriteLine($"Vector Sets on {vectorSets.Description}; " + (skipped ?? $"RediSearch on {queryEngine!.Description}."));

        var runId = Guid.NewGuid().ToString("N")[..8];
        var report = new StringBuilder();
        foreach (var size in sizes)
        {
            output.WriteLine();
            output.WriteLine($"== {size:N0} documents ==");
            var brute = new BruteForce(corpus, size);
            var selectivity = corpus.QueryFilters.Average(filter => brute.Selectivity(corpus, filter));
            var tenantSelectivity = corpus.QueryFilters.Average(filter => brute.Selectivity(corpus, new VectorFilter { Tenant = filter.Tenant }));
            var truth = QueryFilters.ToDictionary(
                kind => kind,
                kind => Enumerable.Range(0, VectorCorpus.QueryCount).Select(query => brute.Search(corpus.QueryVectors[query], TruthK, FilterOf(corpus, kind, query))).ToArray());

            var loads = new List<LoadRow>();
            var rows = new List<QueryRow>();
            foreach (var filtered in QueryFilters)
            {
                foreach (var k in Ks)
                {
                    Search exact = (query, _) => ValueTask.FromResult(brute.Search(corpus.QueryVectors[query], k, FilterOf(corpus, filtered, query)));
                    rows.Add(await MeasureAsync("Brute force (in process)", "exact", filtered, k, exact, truth[filtered], duration, server: null, output));
                }
            }

            var engines = new List<(string Name, VectorServer Server, IVectorIndex Index, string Command, string? Extra, Func<Task> Drop)>();
            var schema = new VectorIndexSchema
            {
                Name = string.Create(CultureInfo.InvariantCulture, $"vbench-{runId}-{size}"),
                KeyPrefix = string.Create(CultureInfo.InvariantCulture, $"vbench-{runId}-{size}:"),
                Dimension = Dimensions,
            };
            var sets = new VectorSetsIndex(vectorSets.Connection, schema);
            engines.Add(("Vector Sets", vectorSets, sets, "vsim", "vgetattr", () => sets.DropAsync(CancellationToken.None)));
            if (skipped is null)
            {
                var search = new RediSearchIndex(queryEngine!.Connection, schema);
                engines.Add(("RediSearch", queryEngine, search, "FT.SEARCH", null, async () =>
                {
                    var database = queryEngine.Connection.GetDatabase();
                    await database.ExecuteAsync("FT.ALIASDEL", search.Alias);
                    await database.ExecuteAsync("FT.DROPINDEX", search.IndexName("v1"), "DD");
                    await database.KeyDeleteAsync($"idx:{{{schema.Name}}}:live");
                }));
            }

            foreach (var (name, server, index, command, extra, drop) in engines)
            {
                loads.Add(await LoadAsync(name, server, index, corpus, size, output));
                foreach (var ef in Efs)
                {
                    foreach (var filtered in QueryFilters)
                    {
                        foreach (var k in Ks)
                        {
                            Search search = async (query, cancellationToken) =>
                            {
                                var result = await index.SearchAsync(new KnnQuery
                                {
                                    Vector = corpus.QueryVectors[query],
                                    K = k,
                                    Filter = FilterOf(corpus, filtered, query),
                                    EfRuntime = ef,
                                }, cancellationToken);
                                return [.. result.Hits.Select(hit => VectorCorpus.IndexOf(hit.Id))];
                            };
                            rows.Add(await MeasureAsync(name, ef.ToString(CultureInfo.InvariantCulture), filtered, k, search, truth[filtered], duration, (server, command, extra), output));
                        }
                    }
                }

                await drop();
            }

            report.Append(SizeSection(size, selectivity, tenantSelectivity, loads, rows));
        }

        var loadAfter = LoadAverage();
        output.WriteLine($"Load average at end: {loadAfter}");
        var header = Header(corpus, sizes, duration, started, loadBefore, loadAfter, vectorSets, skipped ?? $"RediSearch on {queryEngine!.Description}");
        var markdown = header + report;
        output.WriteLine();
        output.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, markdown);
        output.WriteLine($"Written to {ReportPath}");
        return 0;
    }

    /// <summary>Upserts the first <paramref name="size"/> documents, <see cref="LoadConcurrency"/> at a time, between two readings of used_memory.</summary>
    private static async Task<LoadRow> LoadAsync(string name, VectorServer server, IVectorIndex index, VectorCorpus corpus, int size, TextWriter output)
    {
        var before = await server.UsedMemoryAsync();
        await index.EnsureCreatedAsync(CancellationToken.None);
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, size),
            new ParallelOptions { MaxDegreeOfParallelism = LoadConcurrency },
            async (document, cancellationToken) => await index.UpsertAsync(corpus.Document(document), cancellationToken));
        var rate = size / stopwatch.Elapsed.TotalSeconds;
        var count = await index.CountAsync(CancellationToken.None);
        if (count != size)
        {
            throw new InvalidOperationException($"{name} holds {count} documents after loading {size}.");
        }

        var after = await server.UsedMemoryAsync();
        var row = new LoadRow(name, rate, before, after, (double)(after - before) / size);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: loaded {size:N0} at {rate:N0} documents/s; used_memory {before:N0} -> {after:N0} B, {row.BytesPerVector:N0} B per vector"));
        return row;
    }

    /// <summary>
    /// Recall over every query (also the warm-up), then a reset of the server's statistics, <paramref name="duration"/>
    /// of one client, the server's figures, and <paramref name="duration"/> of <see cref="ManyClients"/> clients.
    /// </summary>
    private static async Task<QueryRow> MeasureAsync(
        string engine, string ef, QueryFilter filtered, int k, Search search, int[][] truth, TimeSpan duration,
        (VectorServer Server, string Command, string? Extra)? server, TextWriter output)
    {
        var recalls = new List<double>(truth.Length);
        for (var query = 0; query < truth.Length; query++)
        {
            var expected = truth[query].Take(k).ToArray();
            if (expected.Length > 0)
            {
                var found = await search(query, CancellationToken.None);
                recalls.Add((double)found.Intersect(expected).Count() / expected.Length);
            }
        }

        if (server is { } reset)
        {
            await reset.Server.ResetStatsAsync();
        }

        var (one, oneRate) = await DriveAsync(search, 1, duration);
        CommandStats? main = null, extra = null;
        if (server is { } measured)
        {
            main = await measured.Server.StatsAsync(measured.Command);
            extra = measured.Extra is null ? null : await measured.Server.StatsAsync(measured.Extra);
        }

        var (many, manyRate) = await DriveAsync(search, ManyClients, duration);
        var row = new QueryRow(
            engine, ef, filtered, k, recalls.Average(),
            Percentiles.NearestRank(one, 50), Percentiles.NearestRank(one, 99), oneRate,
            Percentiles.NearestRank(many, 50), Percentiles.NearestRank(many, 99), manyRate,
            one.Length, main, server?.Extra, extra);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine,-24} EF {ef,-5} {Label(filtered),-21} k {k,2}  p50 {row.P50,7:0.000}  p99 {row.P99,7:0.000} ms  server {Server(row),-28}  QPS@1 {oneRate,7:N0}  QPS@{ManyClients} {manyRate,7:N0}  recall {row.Recall:0.000}"));
        return row;
    }

    /// <summary><paramref name="clients"/> loops asking the queries in turn for <paramref name="duration"/>; each call's milliseconds, sorted, and calls per second.</summary>
    private static async Task<(double[] Latencies, double Rate)> DriveAsync(Search search, int clients, TimeSpan duration)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var latencies = new List<double>();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                var query = (int)((uint)Interlocked.Increment(ref next) % VectorCorpus.QueryCount);
                var start = Stopwatch.GetTimestamp();
                await search(query, CancellationToken.None);
                latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            return latencies;
        })).ToArray();
        var all = (await Task.WhenAll(loops)).SelectMany(latencies => latencies).Order().ToArray();
        return (all, all.Length / Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static string Header(
        VectorCorpus corpus, int[] sizes, TimeSpan duration, DateTimeOffset started, string loadBefore, string loadAfter, VectorServer vectorSets, string queryEngine)
    {
        var schema = new VectorIndexSchema { Name = "report", Dimension = Dimensions };
        var text = new StringBuilder();
        text.AppendLine("# Vector search");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average (1, 5, 15 min) {loadBefore} at the start, {loadAfter} at the end.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Servers: Vector Sets on {vectorSets.Description}; {queryEngine}. Both on 127.0.0.1, sharing the cores with the client.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Index: {schema.Algorithm} {schema.Metric}, M {schema.M}, EF_CONSTRUCTION {schema.EfConstruction}, {Dimensions} dimensions (all-MiniLM-L6-v2); Vector Sets store {schema.Quantization}, RediSearch FLOAT32 hashes. Documents hold tenant, language, updated_at and an 8-word title.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Corpus: passages of the PostgreSQL manual (40-word windows of paragraphs and single sentences), shuffled with seed {VectorCorpus.Seed}; the first {VectorCorpus.QueryCount:N0} are held-out queries, each size takes the first N of the rest. Sizes: {string.Join(", ", sizes.Select(size => size.ToString("N0", CultureInfo.InvariantCulture)))}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Fields: tenant {string.Join(" / ", VectorCorpus.Tenants.Select(tenant => $"{tenant.Name} {tenant.Share:P0}"))}; language {string.Join(" / ", VectorCorpus.Languages.Select(language => $"{language.Name} {language.Share:P0}"))}; updated_at uniform over 2024. Queries are filtered by their tenant alone, or by a tenant and a language drawn with the same skew and updated_at >= {VectorCorpus.UpdatedAfter.ToUnixTimeSeconds()} (2024-05-01), e.g. `{RediSearchFilterExample(corpus)}`.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Each cell: recall over all {VectorCorpus.QueryCount:N0} queries (also the warm-up), CONFIG RESETSTAT, {duration.TotalSeconds:0} s of 1 client (latency percentiles, QPS@1, server statistics), then {duration.TotalSeconds:0} s of {ManyClients} concurrent clients on the same multiplexer (QPS@{ManyClients}). Recall@k: the share of the exact top k (same cosine, same filter, over the same vectors) returned.");
        text.AppendLine("- Server columns: p50/p99 from INFO latencystats and the mean from INFO commandstats for the search command (VSIM, FT.SEARCH), in µs; Vector Sets' extra VGETATTR per hit (Redis 8.0 has no WITHATTRIBS) shown as calls per query × µs per call. Loading: IVectorIndex.UpsertAsync with 16 in flight; memory: used_memory after loading minus before, per document.");
        text.AppendLine();
        return text.ToString();
    }

    private static string RediSearchFilterExample(VectorCorpus corpus)
    {
        var filter = corpus.QueryFilters[0];
        return $"@tenant:{{{filter.Tenant}}} @language:{{{filter.Language}}} @updated_at:[{filter.UpdatedAfter!.Value.ToUnixTimeSeconds()} +inf]";
    }

    private static string SizeSection(int size, double selectivity, double tenantSelectivity, List<LoadRow> loads, List<QueryRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## {size:N0} documents");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Queries filtered by tenant, language and date pass {selectivity:P1} of the documents on average; by tenant alone, {tenantSelectivity:P1}.");
        text.AppendLine();
        if (loads.Count > 0)
        {
            text.AppendLine("| engine | load documents/s | used_memory before → after | bytes per vector |");
            text.AppendLine("|---|---:|---:|---:|");
            foreach (var load in loads)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {load.Engine} | {load.Rate:N0} | {load.Before / 1048576.0:N1} → {load.After / 1048576.0:N1} MiB | {load.BytesPerVector:N0} |"));
            }

            text.AppendLine();
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| engine | EF | filter | k | p50 ms | p99 ms | server p50 / p99 / mean µs | extra server calls per query | QPS@1 | QPS@{ManyClients} | p50@{ManyClients} ms | recall@k |");
        text.AppendLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Engine} | {row.Ef} | {Label(row.Filtered)} | {row.K} | {row.P50:0.000} | {row.P99:0.000} | {Server(row)} | {Extra(row)} | {row.Rate:N0} | {row.ManyRate:N0} | {row.ManyP50:0.00} | {row.Recall:0.000} |"));
        }

        text.AppendLine();
        return text.ToString();
    }

    /// <summary>The server's figures; flagged when it counted calls other than this run's (a server shared with other clients).</summary>
    private static string Server(QueryRow row) => row.Main is { } main
        ? string.Create(CultureInfo.InvariantCulture, $"{Micro(main.P50Microseconds)} / {Micro(main.P99Microseconds)} / {main.MeanMicroseconds:0}")
            + (main.Calls > row.Queries ? string.Create(CultureInfo.InvariantCulture, $" (shared: {main.Calls:N0} calls for {row.Queries:N0} queries)") : string.Empty)
        : "—";

    private static string Extra(QueryRow row) => row.Extra is { } extra && row.Queries > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{(double)extra.Calls / row.Queries:0.#} {row.ExtraCommand!.ToUpperInvariant()} × {extra.MeanMicroseconds:0.0} µs")
        : "—";

    private static string Micro(double? microseconds) => microseconds is { } value ? value.ToString("0", CultureInfo.InvariantCulture) : "?";

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    internal static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var index and >= 0 && index + 1 < args.Length ? args[index + 1] : null;

    /// <summary>The whole number given after <paramref name="name"/> (thousands separators allowed), or null.</summary>
    internal static int? Integer(string[] args, string name) =>
        Option(args, name) is { } value ? int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// The query's filter: none; the query's tenant alone (what the Api sends for most callers, and what Vector Sets
    /// answer from the tenant's own set); or the tenant, a language and an update date.
    /// </summary>
    private static VectorFilter FilterOf(VectorCorpus corpus, QueryFilter kind, int query) => kind switch
    {
        QueryFilter.Tenant => new VectorFilter { Tenant = corpus.QueryFilters[query].Tenant },
        QueryFilter.Hybrid => corpus.QueryFilters[query],
        _ => VectorFilter.None,
    };

    private static string Label(QueryFilter kind) => kind switch
    {
        QueryFilter.Tenant => "tenant",
        QueryFilter.Hybrid => "tenant+language+date",
        _ => "none",
    };

    private enum QueryFilter
    {
        None,
        Tenant,
        Hybrid,
    }

    private sealed record LoadRow(string Engine, double Rate, long Before, long After, double BytesPerVector);

    private sealed record QueryRow(
        string Engine, string Ef, QueryFilter Filtered, int K, double Recall,
        double P50, double P99, double Rate, double ManyP50, double ManyP99, double ManyRate,
        int Queries, CommandStats? Main, string? ExtraCommand, CommandStats? Extra);
}
