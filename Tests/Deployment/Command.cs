using System.Diagnostics;

namespace RedisAspire.Tests.Deployment;

/// <summary>Runs a program to completion and captures what it prints.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var command = $"{Path.GetFileName(fileName)} {string.Join(' ', startInfo.ArgumentList)}";
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"`{command}` did not start.");
        try
        {
            // Both streams are read at once, so a full pipe on one cannot stall the other.
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new CommandResult(command, process.ExitCode, await output, await errors);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
