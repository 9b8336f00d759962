namespace RedisAspire.AppHost.RunModes;

/// <summary>
/// Chooses between containers and local executables: the <c>RunMode</c> setting when it names one,
/// otherwise containers when a container runtime answers and local executables when none does.
/// </summary>
public static class RunModeSelector
{
    /// <summary>The configuration key that forces a mode.</summary>
    public const string SettingName = "RunMode";

    /// <param name="setting">The <c>RunMode</c> setting: <c>auto</c> (or empty), <c>containers</c> or <c>executables</c>.</param>
    /// <param name="probeContainerRuntime">Asks the container runtime; called only when the setting leaves the choice open.</param>
    /// <exception cref="ArgumentException">The setting names no known mode.</exception>
    public static RunModeDecision Choose(string? setting, Func<ContainerRuntimeStatus> probeContainerRuntime)
    {
        ArgumentNullException.ThrowIfNull(probeContainerRuntime);
        switch (setting?.Trim().ToLowerInvariant())
        {
            case "containers":
                return new RunModeDecision(RunMode.Containers, $"{SettingName} is set to containers");
            case "executables":
                return new RunModeDecision(RunMode.Executables, $"{SettingName} is set to executables");
            case null or "" or "auto":
                var runtime = probeContainerRuntime();
                return runtime.Answers
                    ? new RunModeDecision(RunMode.Containers, $"{runtime.Runtime} answered ({runtime.Detail})")
                    : new RunModeDecision(RunMode.Executables, $"no container runtime answered ({runtime.Runtime}: {runtime.Detail})");
            default:
                throw new ArgumentException(
                    $"{SettingName} is '{setting}'; use auto, containers or executables.", nameof(setting));
        }
    }
}
