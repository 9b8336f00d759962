using System.ComponentModel;
using System.Diagnostics;

namespace RedisAspire.AppHost.LocalServers;

/// <inheritdoc />
public sealed class ProcessRunner : IProcessRunner
{
    public ProcessResult Run(ProcessCommand command, TimeSpan timeout, string? standardInput = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception exception)
        {
            return ProcessResult.NotStarted(exception.Message);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (standardInput is not null)
            {
                process.StandardInput.Write(standardInput);
            }

            process.StandardInput.Close();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new ProcessResult(true, -1, output.Result, $"'{command.FileName}' did not finish within {timeout.TotalSeconds:0} s and was stopped.");
            }

            return new ProcessResult(true, process.ExitCode, output.Result, error.Result);
        }
    }
}
