namespace RedisAspire.Core.Vectors;

/// <summary>
/// Picks the vector engine from what the server offers: the query engine when present (it adds IP and L2 metrics
/// and range queries), Vector Sets otherwise; a configured engine the server lacks, or a server with neither, is an
/// error saying what to run instead.
/// </summary>
public static class VectorEngineSelector
{
    /// <summary>The configuration key that forces an engine (<c>auto</c>, <c>RediSearch</c> or <c>VectorSets</c>).</summary>
    public const string SettingName = "Vectors:Engine";

    /// <exception cref="InvalidOperationException">The server cannot run the engine asked for, or any engine.</exception>
    /// <exception cref="ArgumentException">The setting names no engine.</exception>
    public static VectorEngine Choose(RedisServerInfo server, string? setting)
    {
        ArgumentNullException.ThrowIfNull(server);
        var wanted = setting?.Trim();
        if (string.IsNullOrEmpty(wanted) || wanted.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return server switch
            {
                { HasQueryEngine: true } => VectorEngine.RediSearch,
                { HasVectorSets: true } => VectorEngine.VectorSets,
                _ => throw new InvalidOperationException(
                    $"Redis {server.Version} offers neither the query engine (FT.SEARCH) nor Vector Sets (VSIM). " +
                    "Run Redis 8 or later (./eng/setup.sh installs it), Redis Stack, or Azure Managed Redis with the RediSearch module."),
            };
        }

        if (!Enum.TryParse<VectorEngine>(wanted, ignoreCase: true, out var engine) || !Enum.IsDefined(engine))
        {
            throw new ArgumentException($"{SettingName} is '{setting}'; use auto, RediSearch or VectorSets.", nameof(setting));
        }

        return (engine, server) switch
        {
            (VectorEngine.RediSearch, { HasQueryEngine: false }) => throw new InvalidOperationException(
                $"{SettingName} asks for RediSearch, but Redis {server.Version} has no query engine (FT.SEARCH). " +
                "Use Redis Stack, a Redis 8 image with the query engine, or Azure Managed Redis with RediSearch; or set it to VectorSets or auto."),
            (VectorEngine.VectorSets, { HasVectorSets: false }) => throw new InvalidOperationException(
                $"{SettingName} asks for VectorSets, but Redis {server.Version} has no Vector Sets (they are built into Redis 8 and later). " +
                "Upgrade to Redis 8, or set it to RediSearch or auto."),
            _ => engine,
        };
    }
}
