using System.Globalization;
using System.Text;
using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Reliability;

/// <summary>A stretch of a scenario (before the fault, during it, recovering, after), on the traffic's clock.</summary>
internal sealed record TrafficPhase(string Name, TimeSpan From, TimeSpan To)
{
    /// <summary>The calls that started in this phase.</summary>
    public IEnumerable<TrafficCall> Of(IEnumerable<TrafficCall> calls) => calls.Where(call => call.Started >= From && call.Started < To);
}

/// <summary>A scenario's calls per phase and kind, as the table docs/reliability.md shows.</summary>
internal static class TrafficPhases
{
    public static string Table(IReadOnlyList<TrafficCall> calls, IEnumerable<TrafficPhase> phases)
    {
        var text = new StringBuilder();
        text.AppendLine("| phase | seconds | kind | calls | succeeded | failed | p50 ms | p99 ms | max ms | answered by / outcome |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|---:|---|");
        foreach (var phase in phases)
        {
            foreach (var kind in phase.Of(calls).GroupBy(call => call.Kind).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                var elapsed = kind.Select(call => call.Elapsed.TotalMilliseconds).Order().ToArray();
                var details = string.Join(", ", kind.GroupBy(call => call.Succeeded ? call.Detail ?? "-" : $"{call.Status} {call.Detail}")
                    .OrderByDescending(group => group.Count()).Take(4).Select(group => $"{group.Key} {group.Count()}"));
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {phase.Name} | {(phase.To - phase.From).TotalSeconds:0.0} | {kind.Key} | {elapsed.Length} | {kind.Count(call => call.Succeeded)} | {kind.Count(call => !call.Succeeded)} | {Percentile(elapsed, 0.5):0.0} | {Percentile(elapsed, 0.99):0.0} | {elapsed[^1]:0.0} | {details} |");
            }
        }

        return text.ToString();
    }

    private static double Percentile(double[] sorted, double share) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
}
