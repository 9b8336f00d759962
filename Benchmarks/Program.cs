using BenchmarkDotNet.Running;
using RedisAspire.Benchmarks.Ingestion;
using RedisAspire.Benchmarks.Load;
using RedisAspire.Benchmarks.Replay;
using RedisAspire.Benchmarks.Replay.Answers;
using RedisAspire.Benchmarks.Stampede;
using RedisAspire.Benchmarks.Vectors;

// --stampede: the timed stampede comparison; --vectors: the vector search comparison (Benchmarks/Vectors); --replay: the
// two-tier retrieval replay (Benchmarks/Replay); --answers: the answer replay (Benchmarks/Replay/Answers); --ingest: ingestion throughput, --reembed: re-embedding throughput
// (Benchmarks/Ingestion); --load: load and soak against the Api and the Worker (Benchmarks/Load). Anything else goes to BenchmarkDotNet; without a --filter, every
// benchmark runs (BenchmarkDotNet would otherwise ask which, and wait for an answer).
if (args.Contains("--stampede"))
{
    return await StampedeSuite.RunAsync(Console.Out);
}

if (args.Contains("--load"))
{
    return await LoadSuite.RunAsync(args, Console.Out);
}

if (args.Contains("--reembed"))
{
    return await ReembedSuite.RunAsync(args, Console.Out);
}

if (args.Contains("--ingest"))
{
    return await IngestionSuite.RunAsync(args, Console.Out);
}

if (args.Contains("--answers"))
{
    return await AnswerReplaySuite.RunAsync(args, Console.Out);
}

if (args.Contains("--replay"))
{
    return await ReplaySuite.RunAsync(args, Console.Out);
}

if (args.Contains("--vectors"))
{
    return await VectorSuite.RunAsync(args, Console.Out);
}

string[] benchmarkArgs = args.Contains("--filter") ? args : [.. args, "--filter", "*"];

// In process: BenchmarkDotNet 0.15.8 finds the project to rebuild by the assembly's name (RedisAspire.Benchmarks.csproj),
// and this one is Benchmarks/Benchmarks.csproj. Same job, same Release build, no separate process per benchmark.
if (!benchmarkArgs.Contains("--inProcess"))
{
    benchmarkArgs = [.. benchmarkArgs, "--inProcess"];
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs);
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
