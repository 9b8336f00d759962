namespace RedisAspire.AppHost.LocalServers;

/// <summary>A redis-server binary good enough for RedisAspire (Redis 8 or later: Vector Sets built in).</summary>
/// <param name="ServerPath">The binary, as a path inside <paramref name="Root"/>.</param>
public sealed record RedisInstallation(ServerRoot Root, string ServerPath, Version Version)
{
    /// <summary>The first Redis with Vector Sets built in.</summary>
    public static readonly Version MinimumVersion = new(8, 0);
}
