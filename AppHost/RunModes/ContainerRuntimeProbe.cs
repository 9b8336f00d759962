using RedisAspire.AppHost.LocalServers;

namespace RedisAspire.AppHost.RunModes;

/// <summary>Asks the container runtime Aspire would use whether its engine answers.</summary>
public sealed class ContainerRuntimeProbe(IProcessRunner processes)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <c>RUNTIME info</c> for the runtime named by <c>ASPIRE_CONTAINER_RUNTIME</c> (docker by default). A client
    /// whose engine is absent fails at once, so this returns in well under a second on a machine without one.
    /// </summary>
    public ContainerRuntimeStatus Probe(string? configuredRuntime)
    {
        var runtime = string.IsNullOrWhiteSpace(configuredRuntime) ? "docker" : configuredRuntime.Trim();
        var result = processes.Run(new ProcessCommand(runtime, ["info", "--format", "{{json .}}"]), Timeout);
        return result switch
        {
            { Started: false } => new ContainerRuntimeStatus(runtime, false, $"'{runtime}' is not installed"),
            { ExitCode: 0 } => new ContainerRuntimeStatus(runtime, true, "its engine is running"),
            _ => new ContainerRuntimeStatus(runtime, false, FirstLine(result.StandardError) ?? $"exit code {result.ExitCode}"),
        };
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
