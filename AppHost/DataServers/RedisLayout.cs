using Microsoft.Extensions.Configuration;

namespace RedisAspire.AppHost.DataServers;

/// <summary>
/// One Redis for everything, or two: <c>vectors</c> for the vector hot tier (nothing evicted) beside <c>cache</c> for
/// caches, pub/sub and ask counts; the two layouts of Azure Managed Redis, runnable locally.
/// </summary>
internal static class RedisLayout
{
    public const string SettingName = "Redis:Layout";

    /// <summary>The name of the second Redis, and of the connection string the services read for it.</summary>
    public const string VectorsName = "vectors";

    /// <summary>Whether <c>Redis:Layout</c> asks for two instances: <c>one</c> (the default) or <c>two</c>; anything else stops the AppHost.</summary>
    public static bool HasVectorsInstance(IConfiguration configuration) => configuration[SettingName]?.Trim().ToLowerInvariant() switch
    {
        null or "" or "one" => false,
        "two" => true,
        var other => throw new InvalidOperationException($"{SettingName} is '{other}': use 'one' (a single Redis) or 'two' (the vector hot tier on a Redis of its own)."),
    };
}
