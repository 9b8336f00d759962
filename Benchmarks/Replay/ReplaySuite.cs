using System.Diagnostics;
using System.Globalization;
using System.Text;
using Npgsql;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>
/// The two-tier replay: every document durable in PostgreSQL, the most-asked in the Redis hot tier, a warm-up day and a
/// measured day of Zipf-distributed questions, on each hot-tier engine and each Zipf exponent; the same questions
/// through PostgreSQL alone for comparison.
/// </summary>
internal static class ReplaySuite
{
    public const string PostgresVariable = "REDISASPIRE_BENCHMARK_POSTGRES";

    private const int Dimensions = 384;
    private const int LoadBatch = 1_000;
    private const int Days = 2;
    private static readonly double[] DefaultExponents = [1.0, 1.2];
    private static readonly string CacheDirectory = Path.Combine("BenchmarkDotNet.Artifacts", "vectors");
    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "replay-report.md");

    /// <summary>
    /// Options: <c>--documents</c> (80,000), <c>--hot</c> (2,000; a list runs each size), <c>--queries</c> per day
    /// (20,000), <c>--exponents</c> (1.0,1.2), <c>--k</c> (5), <c>--tolerance</c>: the answer quality, as a share,
    /// that the tuned threshold may give up against PostgreSQL alone (0.005); <c>--policies</c> (MostAsked; a list runs
    /// each <c>HotSet:Policy</c>); <c>--recent</c>: the newest documents are the most asked, instead of a popularity
    /// order independent of age.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var documents = VectorSuite.Integer(args, "--documents") ?? ReplayCorpus.DefaultSize;
        int[] hotSizes = VectorSuite.Option(args, "--hot") is { } hot ? [.. hot.Split(',').Select(size => int.Parse(size, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))] : [2_000];
        double[] exponents = VectorSuite.Option(args, "--exponents") is { } list ? [.. list.Split(',').Select(value => double.Parse(value, CultureInfo.InvariantCulture))] : DefaultExponents;
        var perDay = VectorSuite.Integer(args, "--queries") ?? 20_000;
        var k = VectorSuite.Integer(args, "--k") ?? 5;
        var tolerance = VectorSuite.Option(args, "--tolerance") is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : 0.005;
        HotSetPolicy[] policies = VectorSuite.Option(args, "--policies") is { } named
            ? [.. named.Split(',').Select(name => HotSetOptions.TryParsePolicy(name, out var policy) ? policy : throw new ArgumentException($"--policies: '{name}' is not MostAsked, Newest or Mixed."))]
            : [HotSetPolicy.MostAsked];
        var recent = args.Contains("--recent");

        var (redis, postgres) = BenchmarkServers.Require("--replay");

        var corpus = await ReplayCorpus.LoadAsync(documents, CacheDirectory, output);
        var laws = exponents.Select(exponent => new ZipfSampler(documents, exponent)).ToArray();
        var queries = await ReplayQueries.CreateAsync(corpus, laws, Days, perDay, CacheDirectory, output, recent);

        await using var vectorSets = await VectorServer.ConnectAsync(redis, BenchmarkRedis.EnvironmentVariable);
        var queryEngineRedis = Environment.GetEnvironmentVariable(VectorSuite.QueryEngineVariable);
        await using var queryEngine = string.IsNullOrWhiteSpace(queryEngineRedis) ? null : await VectorServer.ConnectAsync(queryEngineRedis, VectorSuite.QueryEngineVariable);
        List<ReplayEngine> engines = [new("Vector Sets", "vs", vectorSets, schema => new VectorSetsIndex(vectorSets.Connection, schema))];
        if (queryEngine?.Description.Contains("RediSearch", StringComparison.Ordinal) == true)
        {
            engines.Add(new("RediSearch", "rs", queryEngine, schema => new RediSearchIndex(queryEngine.Connection, schema)));
        }

        output.WriteLine($"Hot tier: {string.Join("; ", engines.Select(engine => $"{engine.Name} on {engine.Server.Description}"))}.");

        var dataSource = await OpenPostgresAsync(postgres);
        await using (dataSource)
        {
            var cold = new PostgresColdTier(dataSource, new VectorIndexSchema { Name = "replay", Dimension = Dimensions });
            await cold.MigrateAsync(CancellationToken.None);
            var coldLoad = await LoadColdAsync(cold, corpus, output);
            var server = await ServerVersionAsync(dataSource);

            var loadBefore = VectorSuite.LoadAverage();
            var started = DateTimeOffset.UtcNow;
            var runId = Guid.NewGuid().ToString("N")[..8];
            var outcomes = new List<ReplayOutcome>();
            foreach (var engine in engines)
            {
                foreach (var zipf in laws)
                {
                    foreach (var hotSize in hotSizes)
                    {
                        foreach (var policy in policies)
                        {
                            var run = new ReplayRun(corpus, queries, cold, new ReplaySettings(hotSize, perDay, k, tolerance, policy), output);
                            outcomes.Add(await run.RunAsync(engine, zipf, runId, CancellationToken.None));
                        }
                    }
                }
            }

            var markdown = Report(corpus, perDay, k, tolerance, recent, engines, server, coldLoad, started, loadBefore, VectorSuite.LoadAverage(), outcomes);
            output.WriteLine();
            output.WriteLine(markdown);
            Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
            await File.WriteAllTextAsync(ReportPath, markdown);
            output.WriteLine($"Written to {ReportPath}");
        }

        return 0;
    }

    /// <summary>A data source with pgvector's types on <paramref name="connectionString"/>, the extension created first.</summary>
    internal static async Task<NpgsqlDataSource> OpenPostgresAsync(string connectionString)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", connection);
            await extension.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder.Build();
    }

    /// <summary>Writes every document to the cold tier in batches, as an ingest would; returns documents per second.</summary>
    private static async Task<double> LoadColdAsync(PostgresColdTier cold, ReplayCorpus corpus, TextWriter output)
    {
        var stopwatch = Stopwatch.StartNew();
        var written = 0;
        foreach (var batch in Enumerable.Range(0, corpus.Count).Chunk(LoadBatch))
        {
            written += await cold.UpsertAsync([.. batch.Select(corpus.Document)], CancellationToken.None);
            if (written % 10_000 == 0)
            {
                output.WriteLine($"PostgreSQL: {written:N0} / {corpus.Count:N0} documents");
            }
        }

        var rate = corpus.Count / stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PostgreSQL: {corpus.Count:N0} documents in {stopwatch.Elapsed.TotalSeconds:0} s ({rate:N0}/s)."));
        return rate;
    }

    private static async Task<string> ServerVersionAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT current_setting('server_version') || ', pgvector ' || extversion FROM pg_extension WHERE extname = 'vector'");
        return $"PostgreSQL {await command.ExecuteScalarAsync()}";
    }


    private static string Report(
        ReplayCorpus corpus, int perDay, int k, double tolerance, bool recent, List<ReplayEngine> engines, string postgres, double coldLoad,
        DateTimeOffset started, string loadBefore, string loadAfter, List<ReplayOutcome> outcomes)
    {
        var schema = new VectorIndexSchema { Name = "report", Dimension = Dimensions };
        var text = new StringBuilder();
        text.AppendLine("# Two-tier retrieval replay");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average (1, 5, 15 min) {loadBefore} at the start, {loadAfter} at the end.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Servers on 127.0.0.1, sharing the cores with the client: hot tier {string.Join("; ", engines.Select(engine => $"{engine.Name} on {engine.Server.Description}"))}; cold tier {postgres}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Documents: {corpus.Count:N0} distinct, non-overlapping 30-word passages of the PostgreSQL 15 and Python 3.11 manuals, embedded with all-MiniLM-L6-v2 ({Dimensions} dimensions); tenants {string.Join(" / ", VectorCorpus.Tenants.Select(tenant => $"{tenant.Name} {tenant.Share:P0}"))}, seed {ReplayCorpus.Seed}. Loaded into PostgreSQL at {coldLoad:N0} documents/s (batches of {LoadBatch:N0}, HNSW index in place).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Indexes: HNSW {schema.Metric}, M {schema.M}, EF_CONSTRUCTION {schema.EfConstruction}; hot tier Vector Sets {schema.Quantization} or RediSearch FLOAT32; query EF max(100, 10·k) in both tiers (PostgreSQL's hnsw.ef_search with iterative scan).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Questions: {perDay:N0} per day, each drawn by Zipf's law over a fixed popularity order of the documents ({(recent ? "newest first: the documents updated last are the most asked" : "a seeded shuffle, independent of age")}) and worded as 12 consecutive words of its document (start, middle or end, drawn at random); each carries its document's tenant as the filter, k = {k}. A question is answered right when its document is in the top {k}.");
        text.AppendLine("- Each replay: the hot set starts as the newest documents (cold start); a warm-up day goes through the two-tier retriever (which counts the asks) with the default threshold; the nightly refresh rebuilds the hot set as its policy chooses (MostAsked: from the asks; Newest: the documents updated last); the warm-up day's questions, through each tier alone on the refreshed hot set, tune the confidence threshold; the measured day goes through the retriever with the tuned threshold and through PostgreSQL alone, one question at a time through both, alternating which goes first.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Tuned threshold: the lowest, in steps of 0.01, whose warm-up answers were right at most {tolerance * 100:0.##} points less often than PostgreSQL alone. Latency: the retriever's call as the Api makes it (hot search, judgement, PostgreSQL on a miss, fire-and-forget ask counts), without the embedding and without the search-result cache.");
        text.AppendLine();
        text.AppendLine("| hot tier | s | policy | hot set | ceiling | target hot | threshold | hot answers | right when hot | right, two tiers | right, PostgreSQL alone | same top k as PostgreSQL | two tiers avg / p50 / p99 ms | hot answers ms | misses ms | PostgreSQL alone ms | misses by reason | refresh | at the default threshold: hot answers, right |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var outcome in outcomes)
        {
            var reasons = string.Join(", ", outcome.Misses.OrderByDescending(pair => pair.Value).Select(pair => $"{pair.Key} {pair.Value:N0}"));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {outcome.Engine} | {outcome.Exponent:0.0} | {outcome.Policy} | {outcome.HotSize:N0} ({outcome.FromAsks:N0} from asks) | {outcome.Ceiling:P1} | {outcome.Captured:P1} | {outcome.Tuned.Threshold:0.00} | {outcome.HitRate:P1} | {outcome.RightHits:P1} | {outcome.Quality:P1} | {outcome.ColdQuality:P1} | {outcome.Agreement:P1} | {outcome.TwoTier} | {outcome.Hits} | {outcome.MissesLatency} | {outcome.ColdOnly} | {reasons} | {outcome.RefreshElapsed.TotalSeconds:0.0} s | {outcome.AtDefault.HitRate:P1}, {outcome.AtDefault.Quality:P1} |"));
        }

        text.AppendLine();
        text.AppendLine("Ceiling: the share of questions whose document is among the hot-set-size most popular, the most any hot set of that size could hold. Target hot: the share of the measured day's questions whose document the refreshed hot set holds. Same top k: the share of PostgreSQL's own top k (over all documents) that the two-tier answer holds, averaged over the questions. At the default threshold: what `Retrieval:ConfidenceThreshold` = 0.5 would have given on the measured day (each question through the hot tier alone, untimed).");
        return text.ToString();
    }
}
