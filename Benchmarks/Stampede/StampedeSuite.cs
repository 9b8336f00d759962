using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Stampede;

/// <summary>
/// Many callers for one missing key across 4 replicas, factory 200 ms: RedisAspire under each protection
/// (<see cref="StampedeLab"/>), FusionCache with its Redis distributed locker and HybridCache, in one run, the modes
/// interleaved within each trial so that drift in the machine's speed hits them all alike.
/// </summary>
internal static class StampedeSuite
{
    private const int Replicas = 4;
    private const int FactoryMilliseconds = 200;
    private const int Trials = 5;
    private static readonly int[] CallerCounts = [200, 1000];
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);
    private static readonly string ReportPath = Path.Combine("BenchmarkDotNet.Artifacts", "results", "stampede-report.md");

    private delegate Task<StampedeSample> Mode(int callers, CancellationToken cancellationToken);

    public static async Task<int> RunAsync(TextWriter output)
    {
        await using var redis = await BenchmarkRedis.ConnectAsync();
        var modes = Modes(redis);
        var samples = modes.Keys.SelectMany(_ => CallerCounts, (mode, callers) => (mode, callers)).ToDictionary(run => run, _ => new List<StampedeSample>());

        output.WriteLine($"Stampede: {Replicas} replicas, factory {FactoryMilliseconds} ms, callers {string.Join(" and ", CallerCounts)}, {Trials} trials; warming up.");
        foreach (var (name, mode) in modes)
        {
            await RunBoundedAsync(name, mode, 20);
        }

        for (var trial = 1; trial <= Trials; trial++)
        {
            foreach (var callers in CallerCounts)
            {
                foreach (var (name, mode) in modes)
                {
                    var sample = await RunBoundedAsync(name, mode, callers);
                    samples[(name, callers)].Add(sample);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"trial {trial}, {callers,4} callers, {name,-36} executions {sample.FactoryRuns,4}  p50 {sample.P50Milliseconds,7:0.0}  p90 {sample.P90Milliseconds,7:0.0}  p99 {sample.P99Milliseconds,7:0.0}  max {sample.MaxMilliseconds,7:0.0} ms"));
                }
            }
        }

        var table = Table(samples);
        output.WriteLine();
        output.WriteLine(table);
        Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
        await File.WriteAllTextAsync(ReportPath, table);
        output.WriteLine($"Written to {ReportPath}");
        return 0;
    }

    private static Dictionary<string, Mode> Modes(IConnectionMultiplexer redis)
    {
        var lab = new StampedeLab(
            redis, new SharedConnectionSubscriptions(redis), new SystemTextJsonCacheSerializer(), Options.Create(new ResultCacheOptions { KeyPrefix = "ra-stampede" }),
            TimeProvider.System, NullLoggerFactory.Instance);
        Mode Lab(StampedeProtection protection) => async (callers, cancellationToken) =>
        {
            var result = await lab.RunAsync(new StampedeLabRun(callers, Replicas, FactoryMilliseconds, protection, UseL1: false), cancellationToken);
            return new StampedeSample(result.FactoryRuns, result.P50Milliseconds, result.P90Milliseconds, result.P99Milliseconds, result.MaxMilliseconds);
        };

        return new Dictionary<string, Mode>
        {
            ["RedisAspire, None (single-flight)"] = Lab(StampedeProtection.None),
            ["RedisAspire, DistributedLock"] = Lab(StampedeProtection.DistributedLock),
            ["RedisAspire, EarlyRecompute"] = Lab(StampedeProtection.EarlyRecompute),
            ["FusionCache + Redis distributed locker"] = (callers, ct) => PeerStampede.FusionCacheAsync(Replicas, callers, FactoryMilliseconds, ct),
            ["HybridCache (in-process only)"] = (callers, ct) => PeerStampede.HybridCacheAsync(Replicas, callers, FactoryMilliseconds, ct),
        };
    }

    /// <summary>One run, cancelled if it outlasts <see cref="RunTimeout"/>; a pause after it lets background work settle.</summary>
    private static async Task<StampedeSample> RunBoundedAsync(string name, Mode mode, int callers)
    {
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            return await mode(callers, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"{name} with {callers} callers did not finish within {RunTimeout.TotalSeconds:0} s.");
        }
        finally
        {
            GC.Collect();
            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }
    }

    /// <summary>Per mode and caller count: executions in each trial, the median of the trials' percentiles, and the worst trial's.</summary>
    private static string Table(Dictionary<(string Mode, int Callers), List<StampedeSample>> samples)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture,
            $"Caller latencies: the median of {Trials} trials' percentiles, the worst trial's in parentheses. {Replicas} replicas, factory {FactoryMilliseconds} ms.");
        table.AppendLine();
        table.AppendLine(CultureInfo.InvariantCulture, $"| mode | callers | factory executions per trial | p50 ms | p90 ms | p99 ms | max ms |");
        table.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var callers in CallerCounts)
        {
            foreach (var ((mode, count), runs) in samples.Where(pair => pair.Key.Callers == callers))
            {
                table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mode} | {count:N0} | {string.Join(", ", runs.Select(run => run.FactoryRuns))} | {Median(runs, run => run.P50Milliseconds):0} ({runs.Max(run => run.P50Milliseconds):0}) | {Median(runs, run => run.P90Milliseconds):0} ({runs.Max(run => run.P90Milliseconds):0}) | {Median(runs, run => run.P99Milliseconds):0} ({runs.Max(run => run.P99Milliseconds):0}) | {Median(runs, run => run.MaxMilliseconds):0} ({runs.Max(run => run.MaxMilliseconds):0}) |"));
            }
        }

        return table.ToString();
    }

    private static double Median(List<StampedeSample> runs, Func<StampedeSample, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
