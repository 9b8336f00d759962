using System.Globalization;
using System.Text;
using RedisAspire.Benchmarks.Vectors;

namespace RedisAspire.Benchmarks.Replay.Answers;

/// <summary>
/// The answer replay: a bot's questions (several questions per document, several wordings per question, Zipf's law over
/// questions, a share of first-time questions) through <c>POST /ask</c>'s services with no answer cache, with the exact
/// cache, and with the exact and semantic caches; beside the same questions through PostgreSQL alone.
/// </summary>
internal static class AnswerReplaySuite
{
    private const int Days = 2;
    private static readonly string CacheDirectory = Path.Combine("BenchmarkDotNet.Artifacts", "vectors");
    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "answer-replay-report.md");

    /// <summary>
    /// Options: <c>--documents</c> (80,000 manual passages; the sample corpus's English documents come on top),
    /// <c>--hot</c> (2,000), <c>--queries</c> per day (10,000), <c>--exponents</c> (1.0,1.2), <c>--k</c> (5),
    /// <c>--tolerance</c> (0.005, as the retrieval replay), <c>--first-time</c>: the share of questions nobody asked
    /// before (0.1), <c>--semantic-thresholds</c>: a row per semantic cache threshold (0.1), <c>--asked</c>: which
    /// documents the questions are about, <c>all</c> (the default) or <c>samples</c> (the sample corpus alone), or both: <c>all,samples</c>;
    /// <c>--engines</c>: which hot tiers, <c>VectorSets</c> and, with a RediSearch server, <c>RediSearch</c> (both by default).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var passages = VectorSuite.Integer(args, "--documents") ?? ReplayCorpus.DefaultSize;
        var settings = new AnswerReplaySettings(
            VectorSuite.Integer(args, "--hot") ?? 2_000,
            VectorSuite.Integer(args, "--queries") ?? 10_000,
            VectorSuite.Integer(args, "--k") ?? 5,
            Number(args, "--tolerance") ?? 0.005,
            VectorSuite.Option(args, "--semantic-thresholds") is { } thresholds ? [.. thresholds.Split(',').Select(Parse)] : [0.1]);
        double[] exponents = VectorSuite.Option(args, "--exponents") is { } list ? [.. list.Split(',').Select(Parse)] : [1.0, 1.2];
        var firstTime = Number(args, "--first-time") ?? 0.1;

        bool[] modes = VectorSuite.Option(args, "--asked") is { } asked
            ? [.. asked.Split(',').Select(mode => mode switch { "all" => false, "samples" => true, _ => throw new ArgumentException($"--asked: '{mode}' is not all or samples.") })]
            : [false];

        var (redisAddress, postgres) = BenchmarkServers.Require("--answers");
        var corpus = await AnswerCorpus.LoadAsync(passages, CacheDirectory, output);

        await using var vectorSets = await VectorServer.ConnectAsync(redisAddress, BenchmarkRedis.EnvironmentVariable);
        var queryEngineRedis = Environment.GetEnvironmentVariable(VectorSuite.QueryEngineVariable);
        await using var queryEngine = string.IsNullOrWhiteSpace(queryEngineRedis) ? null : await VectorServer.ConnectAsync(queryEngineRedis, VectorSuite.QueryEngineVariable);
        List<(AnswerEngine Engine, string Server)> engines = [(new("Vector Sets", "VectorSets", "vs", vectorSets.Connection), vectorSets.Description)];
        if (queryEngine?.Description.Contains("RediSearch", StringComparison.Ordinal) == true)
        {
            engines.Add((new("RediSearch", "RediSearch", "rs", queryEngine.Connection), queryEngine.Description));
        }

        if (VectorSuite.Option(args, "--engines") is { } chosen)
        {
            var names = chosen.Split(',');
            if (names.FirstOrDefault(name => !engines.Any(engine => engine.Engine.Setting == name)) is { } unknown)
            {
                throw new ArgumentException($"--engines: '{unknown}' is not one of {string.Join(", ", engines.Select(engine => engine.Engine.Setting))} (RediSearch needs {VectorSuite.QueryEngineVariable}).");
            }

            engines.RemoveAll(engine => !names.Contains(engine.Engine.Setting));
        }

        var dataSource = await ReplaySuite.OpenPostgresAsync(postgres);
        await using (dataSource)
        {
            var runId = Guid.NewGuid().ToString("N")[..6];
            var loadCold = true;
            var reports = new List<string>();
            foreach (var samplesOnly in modes)
            {
                var laws = exponents.Select(exponent => new ZipfSampler(BotTraffic.QuestionCount(corpus, samplesOnly), exponent)).ToArray();
                var traffic = await BotTraffic.CreateAsync(corpus, samplesOnly, laws, Days, settings.QueriesPerDay, firstTime, CacheDirectory, output);
                var embeddings = new PrecomputedEmbeddings(traffic.Vectors);
                string[] examples = [.. traffic.Examples()];
                output.WriteLine("Examples: " + string.Join(" | ", examples));

                var loadBefore = VectorSuite.LoadAverage();
                var started = DateTimeOffset.UtcNow;
                var baselines = new List<AnswerBaseline>();
                var rows = new List<AnswerRow>();
                foreach (var (engine, _) in engines)
                {
                    var run = new AnswerReplayRun(corpus, traffic, engine, dataSource, embeddings, settings, output);
                    foreach (var zipf in laws)
                    {
                        var (baseline, engineRows) = await run.RunAsync(zipf, $"{runId}{(samplesOnly ? "s" : "a")}", loadCold, CancellationToken.None);
                        loadCold = false;
                        baselines.Add(baseline);
                        rows.AddRange(engineRows);

                        // Written after each replay, so that a long run's finished parts are kept whatever befalls the rest.
                        var markdown = Report(corpus, settings, firstTime, samplesOnly, examples, engines.Select(engine => $"{engine.Engine.Label} on {engine.Server}"), started, loadBefore, VectorSuite.LoadAverage(), baselines, rows);
                        await WriteAsync([.. reports, markdown]);
                        if (baselines.Count == engines.Count * laws.Length)
                        {
                            reports.Add(markdown);
                            output.WriteLine();
                            output.WriteLine(markdown);
                        }
                    }
                }
            }

            output.WriteLine($"Written to {ReportPath}");
        }

        return 0;
    }

    private static string Report(
        AnswerCorpus corpus, AnswerReplaySettings settings, double firstTime, bool samplesOnly, string[] examples, IEnumerable<string> engines, DateTimeOffset started, string loadBefore,
        string loadAfter, List<AnswerBaseline> baselines, List<AnswerRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("# Answer replay");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average (1, 5, 15 min) {loadBefore} at the start, {loadAfter} at the end.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Hot tier: {string.Join("; ", engines)}. Documents: {corpus.Passages:N0} manual passages and {corpus.Samples:N0} sample-corpus documents; {settings.HotSize:N0} hot.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Questions: {BotWordings.QuestionsPerDocument} per document, {BotWordings.Wordings} wordings each, about {(samplesOnly ? $"the {corpus.Samples:N0} sample-corpus documents only (a restaurant's and a clinic's bot)" : "every document")}; {settings.QueriesPerDay:N0} a day by Zipf's law over the questions, {firstTime:P0} first-time questions; k = {settings.K}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- The most popular question's wordings: {string.Join(" / ", examples[..BotWordings.Wordings].Select(example => $"\"{example}\""))}; a sample document's: {string.Join(" / ", examples[BotWordings.Wordings..^1].Select(example => $"\"{example}\""))}; a first-time question: \"{examples[^1]}\".");
        text.AppendLine();
        text.AppendLine("| hot tier | s | threshold | target hot | same wording / new wording / first time | PostgreSQL alone: right, retrieval ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var baseline in baselines)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {baseline.Engine} | {baseline.Exponent:0.0} | {baseline.Threshold:0.00} | {baseline.Captured:P1} | {baseline.Mix.SameWording:P1} / {baseline.Mix.NewWording:P1} / {baseline.Mix.FirstTime:P1} | {baseline.ColdQuality:P1}, {baseline.ColdOnly} |"));
        }

        text.AppendLine();
        text.AppendLine("| hot tier | s | answer caches | from Redis | exact | semantic | hot tier | search-result cache | PostgreSQL | right | right, PostgreSQL alone | semantic hits: another question / another document / not right | audit: false hits / audited | generator calls | retrieval ms (when done) | whole answer ms |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var asks = row.Asks;
            var baseline = baselines.First(baseline => baseline.Engine == row.Engine && baseline.Exponent == row.Exponent);
            double Share(Func<AnsweredAsk, bool> predicate) => asks.Average(ask => predicate(ask) ? 1.0 : 0.0);
            var semantic = asks.Where(ask => ask.Layer == Core.Answers.AnswerCacheLayer.Semantic).ToList();
            var wrongSemantic = semantic.Count == 0 ? "–" : string.Create(CultureInfo.InvariantCulture,
                $"{semantic.Average(ask => ask.OtherQuestion ? 1.0 : 0.0):P1} / {semantic.Average(ask => ask.OtherDocument ? 1.0 : 0.0):P1} / {semantic.Average(ask => ask.Right ? 0.0 : 1.0):P1}");
            var audit = row.Audit is { } snapshot ? string.Create(CultureInfo.InvariantCulture, $"{snapshot.FalseHits:N0} / {snapshot.Audited:N0}") : "–";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Engine} | {row.Exponent:0.0} | {row.Configuration} | **{Share(ask => ask.FromRedis):P1}** | {Share(ask => ask.Layer == Core.Answers.AnswerCacheLayer.Exact):P1} | {Share(ask => ask.Layer == Core.Answers.AnswerCacheLayer.Semantic):P1} | {Share(ask => ask.Layer == Core.Answers.AnswerCacheLayer.None && !ask.FromResultCache && ask.Tier == Core.Retrieval.RetrievalTier.Hot):P1} | {Share(ask => ask.Layer == Core.Answers.AnswerCacheLayer.None && ask.FromResultCache):P1} | {Share(ask => !ask.FromRedis):P1} | {Share(ask => ask.Right):P1} | {baseline.ColdQuality:P1} | {wrongSemantic} | {audit} | {row.GeneratorCalls:N0} | {Latencies.Of(asks.Where(ask => ask.Retrieval is not null).Select(ask => ask.Retrieval!.Value))} | {Latencies.Of(asks.Select(ask => ask.Total))} |"));
        }

        text.AppendLine();
        text.AppendLine("From Redis: answered by an answer cache, or from passages the search-result cache or the hot tier gave (no vector search in PostgreSQL). Right: the answer's passages hold the question's document; PostgreSQL alone: its top k does. Semantic hits: the share of semantic hits whose answer was written for another question (a false hit), for a question about another document, and whose answer does not hold the question's document. Audit: the product's own false-hit audit (a sampled share of semantic hits recomputed in the background). Latencies avg / p50 / p99; retrieval over the questions that retrieved.");
        return text.ToString();
    }

    private static async Task WriteAsync(IEnumerable<string> reports)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, string.Join(Environment.NewLine, reports));
    }

    private static double Parse(string value) => double.Parse(value, CultureInfo.InvariantCulture);


    private static double? Number(string[] args, string name) => VectorSuite.Option(args, name) is { } value ? Parse(value) : null;
}
