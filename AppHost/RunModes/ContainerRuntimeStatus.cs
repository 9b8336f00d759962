namespace RedisAspire.AppHost.RunModes;

/// <summary>Whether a container runtime answered, and what it said.</summary>
/// <param name="Runtime">The runtime asked (docker or podman).</param>
/// <param name="Answers">True when the runtime's engine answered.</param>
/// <param name="Detail">The engine version, or why it did not answer.</param>
public sealed record ContainerRuntimeStatus(string Runtime, bool Answers, string Detail);
