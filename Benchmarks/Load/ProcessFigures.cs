using System.Globalization;

namespace RedisAspire.Benchmarks.Load;

/// <summary>
/// What /proc says of a process and its descendants (PostgreSQL's backends are children of its postmaster): CPU time
/// used so far and resident memory now.
/// </summary>
internal static class ProcessFigures
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux.

    /// <summary>Stands for this process alone, without the Api and the Worker it started: the load's clients.</summary>
    public const int Self = 0;

    /// <summary>CPU seconds (user and system) of <paramref name="pid"/> and every live descendant.</summary>
    public static double CpuSeconds(int pid) =>
        pid == Self ? System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds : Tree(pid).Sum(Cpu);

    /// <summary>Resident memory of <paramref name="pid"/> and every live descendant, in MB.</summary>
    public static double ResidentMegabytes(int pid) => Tree(pid).Sum(Resident) / 1024.0;

    private static IEnumerable<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } fields)
            {
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
        }

        var tree = new List<int> { root };
        for (var index = 0; index < tree.Count; index++)
        {
            tree.AddRange(parents.Where(pair => pair.Value == tree[index]).Select(pair => pair.Key));
        }

        return tree;
    }

    // The fields after the command's closing parenthesis: state, ppid, ... utime is the 12th of them, stime the 13th.
    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double Cpu(int pid) => Stat(pid) is { } fields
        ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond
        : 0;

    private static double Resident(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(line => line.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
