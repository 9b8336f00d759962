using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RedisAspire.Benchmarks.Replay;
using RedisAspire.Benchmarks.Vectors;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Benchmarks.Ingestion;

/// <summary>
/// Ingestion throughput with the local model: pages of the PostgreSQL manual read as HTML files, normalised, chunked,
/// embedded and written to both tiers by <see cref="IngestionPipeline"/> through a <see cref="StagedImport"/>; then the same pages again,
/// unchanged, which the content hashes should make nearly free.
/// </summary>
internal static class IngestionSuite
{
    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "ingestion-report.md");

    /// <summary>Options: <c>--documents</c>, how many manual pages (300).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var pages = ManualPages.Count(args);
        var (redis, postgres) = BenchmarkServers.Require("--ingest");

        await using var server = await VectorServer.ConnectAsync(redis, BenchmarkRedis.EnvironmentVariable);
        await using var dataSource = await ReplaySuite.OpenPostgresAsync(postgres);
        var schema = new VectorIndexSchema { Name = $"ingest-{Guid.NewGuid():N}"[..15], Dimension = LocalEmbeddingGenerator.ModelDimensions };
        var cold = new PostgresColdTier(dataSource, schema);
        await cold.MigrateAsync(CancellationToken.None);
        var hot = new VectorSetsIndex(server.Connection, schema);
        await hot.EnsureCreatedAsync(CancellationToken.None);

        using var generator = new LocalEmbeddingGenerator();
        using var telemetry = new IngestionPipelineTelemetry();
        using var retrieval = new BenchmarkRetrieval(server.Connection, hot, cold);
        var options = new IngestionOptions();
        var pipeline = new IngestionPipeline(
            hot, cold, generator, retrieval.Results,
            Options.Create(options), telemetry, NullLogger<IngestionPipeline>.Instance);

        var loadBefore = VectorSuite.LoadAverage();
        var started = DateTimeOffset.UtcNow;
        output.WriteLine($"Ingesting {pages:N0} pages of the PostgreSQL manual with {LocalEmbeddingGenerator.DefaultModelId}.");
        var import = new StagedImport(pipeline);
        var first = await import.IngestAsync(ManualPages.Read(pages), new Progress<IngestionProgress>(progress => Report(output, progress)), CancellationToken.None);
        output.WriteLine(Line("first", first));
        var again = await import.IngestAsync(ManualPages.Read(pages), progress: null, CancellationToken.None);
        output.WriteLine(Line("again", again));

        var markdown = Markdown(pages, options, started, loadBefore, VectorSuite.LoadAverage(), server.Description, first, again);
        output.WriteLine();
        output.WriteLine(markdown);
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, markdown);
        output.WriteLine($"Written to {ReportPath}");
        return first.Failures.Count + again.Failures.Count == 0 ? 0 : 1;
    }

    private static void Report(TextWriter output, IngestionProgress progress)
    {
        if (progress.DocumentsDone > 0 && progress.DocumentsDone % 50 == 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {progress.DocumentsDone,5:N0} documents, {progress.ChunksEmbedded,6:N0} chunks embedded, {progress.Elapsed.TotalSeconds,6:0.0} s"));
        }
    }

    private static string Line(string name, IngestionReport report) => string.Create(CultureInfo.InvariantCulture,
        $"{name}: {report.Documents:N0} documents, {report.Chunks:N0} chunks ({report.ChunksEmbedded:N0} embedded, {report.ChunksUnchanged:N0} unchanged) in {report.Elapsed.TotalSeconds:0.00} s, {report.Failures.Count} failures");

    private static string Markdown(
        int pages, IngestionOptions options, DateTimeOffset started, string loadBefore, string loadAfter, string redis, IngestionReport first, IngestionReport again)
    {
        var text = new StringBuilder();
        text.AppendLine("# Ingestion");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Run: {started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}; load average (1, 5, 15 min) {loadBefore} at the start, {loadAfter} at the end.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- {pages:N0} HTML pages of the PostgreSQL 15 manual, read by FolderSource; chunks of {options.Chunking.ChunkWords} words overlapping by {options.Chunking.OverlapWords}; embedded with {LocalEmbeddingGenerator.DefaultModelId} in process, {options.EmbedBatchSize} chunks per call; written to PostgreSQL ({options.WriteBatchSize} documents per transaction) and to the Vector Sets hot tier on {redis}.");
        text.AppendLine();
        text.AppendLine("| run | documents | chunks | embedded | unchanged | seconds | documents/s | chunks/s |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, report) in new[] { ("first ingest", first), ("again, unchanged", again) })
        {
            var seconds = report.Elapsed.TotalSeconds;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {report.Documents:N0} | {report.Chunks:N0} | {report.ChunksEmbedded:N0} | {report.ChunksUnchanged:N0} | {seconds:0.00} | {report.Documents / seconds:N1} | {report.Chunks / seconds:N1} |"));
        }

        return text.ToString();
    }
}
