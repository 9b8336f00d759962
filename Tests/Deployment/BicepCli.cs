using System.Text.RegularExpressions;

namespace RedisAspire.Tests.Deployment;

/// <summary>The Bicep CLI from the <c>Azure.Bicep.CommandLine.linux-x64</c> package; it needs no network.</summary>
internal static partial class BicepCli
{
    /// <summary>Generous for a compiler that takes a few seconds, short enough that a hung one fails the run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<CommandResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        if (!File.Exists(BuildPaths.BicepCli))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at {BuildPaths.BicepCli}: restore the Tests project (it downloads the package).");
        }

        using var timeout = new CancellationTokenSource(Timeout);
        return await Command.RunAsync(BuildPaths.BicepCli, arguments, workingDirectory, timeout.Token);
    }

    /// <summary>
    /// Every warning or error the CLI printed. Type problems (a misspelt property, a wrong type) are only warnings and
    /// leave the exit code at 0, so a check that wants none must read them.
    /// </summary>
    public static IReadOnlyList<string> Diagnostics(CommandResult result) =>
        result.AllOutput.Split('\n').Where(line => Diagnostic().IsMatch(line)).Select(line => line.Trim()).ToList();

    [GeneratedRegex(@"\b(Warning|Error)\b")]
    private static partial Regex Diagnostic();
}
