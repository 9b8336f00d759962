using System.Globalization;
using System.Text;

namespace RedisAspire.Benchmarks.Load;

/// <summary>One level of the load: its calls, the floor beside it and each process's CPU.</summary>
internal sealed record LoadLevel(int Clients, TimeSpan Duration, IReadOnlyList<LoadCall> Calls, (double PerSecond, double P50, double P99) Floor, IReadOnlyDictionary<string, double> CpuPercent);

/// <summary>One look at the processes during the soak.</summary>
internal sealed record SoakSample(TimeSpan At, int Calls, int Failed, IReadOnlyDictionary<string, double> ResidentMegabytes, long KeysWithoutTtl, long Keys, long PostgresConnections);

/// <summary>The load test's report, as docs/benchmarks.md shows it.</summary>
internal static class LoadReport
{
    public static double Percentile(double[] sorted, double share) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];

    public static string Levels(IReadOnlyList<LoadLevel> levels, string? redisBenchmark)
    {
        var text = new StringBuilder();
        var processes = levels[0].CpuPercent.Keys.ToArray();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| clients | calls/s | errors | search p50 / p95 / p99 ms | embedding p50 / p95 / p99 ms | write p50 / p95 / p99 ms | raw GET floor: calls/s, p50 / p99 ms | app calls/s ÷ floor | CPU % ({string.Join(", ", processes)}) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var level in levels)
        {
            var perSecond = level.Calls.Count / level.Duration.TotalSeconds;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {level.Clients} | {perSecond:N0} | {level.Calls.Count(call => call.Failed)} of {level.Calls.Count:N0} | {Latency(level, "search")} | {Latency(level, "embedding")} | {Latency(level, "write")} | {level.Floor.PerSecond:N0}, {level.Floor.P50:0.00} / {level.Floor.P99:0.00} | {perSecond / level.Floor.PerSecond:0.000} | {string.Join(" / ", level.CpuPercent.Values.Select(cpu => cpu.ToString("0", CultureInfo.InvariantCulture)))} |");
        }

        text.AppendLine();
        text.AppendLine("What answered (all levels): " + string.Join("; ", levels.SelectMany(level => level.Calls).GroupBy(call => call.Kind).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => $"{group.Key}: " + string.Join(", ", group.GroupBy(call => call.Outcome).OrderByDescending(outcome => outcome.Count())
                .Select(outcome => $"{outcome.Key} {100.0 * outcome.Count() / group.Count():0.0} %")))));
        if (redisBenchmark is not null)
        {
            text.AppendLine();
            text.AppendLine("`redis-benchmark` on the same Redis (1,600-byte values):");
            text.AppendLine();
            text.AppendLine("```");
            text.AppendLine(redisBenchmark.Trim());
            text.AppendLine("```");
        }

        return text.ToString();
    }

    public static string Soak(IReadOnlyList<SoakSample> samples)
    {
        var text = new StringBuilder();
        var processes = samples[0].ResidentMegabytes.Keys.ToArray();
        text.AppendLine(CultureInfo.InvariantCulture, $"| minute | calls | errors | resident MB ({string.Join(", ", processes)}) | Redis keys (without a TTL) | PostgreSQL connections |");
        text.AppendLine("|---:|---:|---:|---|---:|---:|");
        foreach (var sample in samples)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {sample.At.TotalMinutes:0.0} | {sample.Calls:N0} | {sample.Failed} | {string.Join(" / ", sample.ResidentMegabytes.Values.Select(mb => mb.ToString("0", CultureInfo.InvariantCulture)))} | {sample.Keys:N0} ({sample.KeysWithoutTtl:N0}) | {sample.PostgresConnections} |");
        }

        return text.ToString();
    }

    private static string Latency(LoadLevel level, string kind)
    {
        var sorted = level.Calls.Where(call => call.Kind == kind).Select(call => call.Milliseconds).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 0.5):0.0} / {Percentile(sorted, 0.95):0.0} / {Percentile(sorted, 0.99):0.0}");
    }
}
