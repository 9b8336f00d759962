using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using RedisAspire.Benchmarks.Replay;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>
/// Re-embedding throughput: pages of the PostgreSQL manual ingested with all-MiniLM-L6-v2 by a host wired as the Worker
/// is (the baseline: the same rows' first ingest, in the same run), then re-embedded with snowflake-arctic-embed-xs
/// while a reader searches the whole time, whose failures, empty answers and latencies are reported.
/// </summary>
internal static class ReembedSuite
{
    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "reembed-report.md");

    /// <summary>Options: <c>--documents</c>, how many manual pages (300).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var pages = ManualPages.Count(args);
        var (redis, postgres) = BenchmarkServers.Require("--reembed");
        await using var server = await VectorServer.ConnectAsync(redis, BenchmarkRedis.EnvironmentVariable);
        await using var dataSource = await OwnSchemaAsync(postgres);
        var name = $"reembed{Guid.NewGuid():N}"[..16];
        using var host = Build(server.Connection, dataSource, name);
        await host.StartAsync();
        var spaces = host.Services.GetRequiredService<EmbeddingSpaces>();
        var runner = host.Services.GetRequiredService<ReembedRunner>();

        var loadBefore = VectorSuite.LoadAverage();
        var started = DateTimeOffset.UtcNow;
        output.WriteLine($"Ingesting {pages:N0} pages of the PostgreSQL manual with {LocalEmbeddingModels.MiniLM}.");
        var ingest = await new StagedImport(host.Services.GetRequiredService<IngestionPipelines>().Current).IngestAsync(ManualPages.Read(pages), progress: null, CancellationToken.None);
        output.WriteLine($"first ingest: {ingest.Chunks:N0} chunks in {ingest.Elapsed.TotalSeconds:0.0} s");
        await spaces.Live.HotSet.RefreshAsync(CancellationToken.None);
        var titles = await TitlesAsync(dataSource);

        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() => SearchAsync(spaces, titles, stop.Token));
        var quiet = await MeasureAsync(reader, TimeSpan.FromSeconds(20));
        output.WriteLine($"searches before: {quiet}");

        var clock = Stopwatch.StartNew();
        await runner.RequestAsync(new EmbeddingModel(EmbeddingProvider.Local, LocalEmbeddingModels.ArcticXs), force: false, CancellationToken.None);
        var during = reader.Result.Since();
        var built = await runner.RunPendingAsync(CancellationToken.None) ?? throw new InvalidOperationException("No build ran.");
        var seconds = clock.Elapsed.TotalSeconds;
        var measured = during.Until();
        await stop.CancelAsync();
        await reader;
        output.WriteLine($"re-embedded {built.RowsDone:N0} rows in {seconds:0.0} s; searches meanwhile: {measured}");

        var markdown = Markdown(pages, started, loadBefore, VectorSuite.LoadAverage(), server.Description, ingest, built, seconds, quiet, measured);
        output.WriteLine();
        output.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, markdown);
        output.WriteLine($"Written to {ReportPath}");
        await host.StopAsync();
        await server.Connection.GetDatabase().KeyDeleteAsync([.. server.Connection.GetServers()[0].Keys(pattern: $"*{name}*")]);
        return measured.Failed + measured.Empty == 0 ? 0 : 1;
    }

    private static IHost Build(IConnectionMultiplexer redis, NpgsqlDataSource dataSource, string name)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Vectors:Engine"] = "VectorSets",
            ["Vectors:IndexName"] = name,
            ["Vectors:KeyPrefix"] = $"{name}:",
            ["ResultCache:KeyPrefix"] = name,
            ["Retrieval:ResultTimeToLive"] = "00:00:00",
            ["HotSet:Schedule"] = "off",
            ["Reembed:RetireAfter"] = "00:00:00",
        });
        builder.Services.AddSingleton(redis);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddResultCache();
        builder.AddRetrievalTiers();
        builder.AddIngestionPipeline();
        return builder.Build();
    }

    /// <summary>A data source whose tables are in a schema of this run's own, so that other suites' tables stay apart.</summary>
    private static async Task<NpgsqlDataSource> OwnSchemaAsync(string connectionString)
    {
        var schema = $"reembed_{Guid.NewGuid():N}"[..20];
        await using (var shared = await ReplaySuite.OpenPostgresAsync(connectionString))
        {
            await using var create = shared.CreateCommand($"CREATE SCHEMA {schema}");
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.SearchPath = $"{schema}, public";
        builder.UseVector();
        return builder.Build();
    }

    private static async Task<List<(string Tenant, string Title)>> TitlesAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT DISTINCT tenant, title FROM documents WHERE title IS NOT NULL ORDER BY title");
        await using var reader = await command.ExecuteReaderAsync();
        var titles = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            titles.Add((reader.GetString(0), reader.GetString(1)));
        }

        return titles;
    }

    /// <summary>Searches the pages' titles one after another until stopped, each on the live version, timing each.</summary>
    private static SearchLog SearchAsync(EmbeddingSpaces spaces, List<(string Tenant, string Title)> titles, CancellationToken stop)
    {
        var log = new SearchLog();
        _ = Task.Run(async () =>
        {
            for (var index = 0; !stop.IsCancellationRequested; index++)
            {
                var (tenant, title) = titles[index % titles.Count];
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var hits = await spaces.RunAsync(
                        async (space, token) =>
                        {
                            var vector = (await space.Embeddings.GenerateAsync([title], cancellationToken: token))[0].Vector.ToArray();
                            var query = new KnnQuery { Vector = vector, K = 5, Filter = new VectorFilter { Tenant = tenant } };
                            return (await space.Retriever.RetrieveAsync(new RetrievalQuery(query, RetrievalTier.Auto), token)).Hits.Count;
                        },
                        CancellationToken.None);
                    log.Add(Stopwatch.GetElapsedTime(started), failed: false, empty: hits == 0);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    log.Add(Stopwatch.GetElapsedTime(started), failed: true, empty: false);
                }
            }
        }, CancellationToken.None);
        return log;
    }

    private static async Task<SearchFigures> MeasureAsync(Task<SearchLog> reader, TimeSpan length)
    {
        var window = (await reader).Since();
        await Task.Delay(length);
        return window.Until();
    }

    private static string Markdown(
        int pages, DateTimeOffset started, string loadBefore, string loadAfter, string redis, IngestionReport ingest,
        EmbeddingVersion built, double seconds, SearchFigures quiet, SearchFigures during)
    {
        var text = new StringBuilder();
        text.AppendLine("# Re-embedding");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average (1, 5, 15 min) {loadBefore} at the start, {loadAfter} at the end.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- {pages:N0} HTML pages of the PostgreSQL 15 manual ingested with {LocalEmbeddingModels.MiniLM}, then re-embedded with {LocalEmbeddingModels.ArcticXs} (both in process) into a new version: a PostgreSQL table and a Vector Sets hot index on {redis}, switched when complete. One reader searches the pages' titles (k 5, tenant filter, result cache off) throughout.");
        text.AppendLine();
        text.AppendLine("| run | rows | seconds | rows/s |");
        text.AppendLine("|---|---:|---:|---:|");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| first ingest ({LocalEmbeddingModels.MiniLM}, baseline) | {ingest.Chunks:N0} | {ingest.Elapsed.TotalSeconds:0.0} | {ingest.Chunks / ingest.Elapsed.TotalSeconds:N1} |"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| re-embedding ({LocalEmbeddingModels.ArcticXs}), request to switch | {built.RowsDone:N0} | {seconds:0.0} | {built.RowsDone / seconds:N1} |"));
        text.AppendLine();
        text.AppendLine("| searches | count | failed | empty | p50 ms | p99 ms |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, figures) in new[] { ("20 s before, idle", quiet), ("during the re-embedding", during) })
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {figures.Count:N0} | {figures.Failed} | {figures.Empty} | {figures.P50:0.0} | {figures.P99:0.0} |"));
        }

        return text.ToString();
    }

    /// <summary>Every search's time and outcome, appended by the reader, read in windows.</summary>
    private sealed class SearchLog
    {
        private readonly List<(TimeSpan Elapsed, bool Failed, bool Empty)> entries = [];
        private readonly Lock gate = new();

        public void Add(TimeSpan elapsed, bool failed, bool empty)
        {
            lock (gate)
            {
                entries.Add((elapsed, failed, empty));
            }
        }

        /// <summary>A window opening now.</summary>
        public Window Since()
        {
            lock (gate)
            {
                return new Window(this, entries.Count);
            }
        }

        public SearchFigures Between(int start)
        {
            lock (gate)
            {
                var slice = entries.Skip(start).ToList();
                var times = slice.Select(entry => entry.Elapsed.TotalMilliseconds).Order().ToList();
                return new SearchFigures(
                    slice.Count, slice.Count(entry => entry.Failed), slice.Count(entry => entry.Empty),
                    Percentile(times, 0.50), Percentile(times, 0.99));
            }
        }

        private static double Percentile(List<double> sorted, double share) =>
            sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(share * sorted.Count) - 1)];
    }

    private sealed record Window(SearchLog Log, int Start)
    {
        public SearchFigures Until() => Log.Between(Start);
    }

    private sealed record SearchFigures(int Count, int Failed, int Empty, double P50, double P99)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count:N0} searches, {Failed} failed, {Empty} empty, p50 {P50:0.0} ms, p99 {P99:0.0} ms");
    }
}
