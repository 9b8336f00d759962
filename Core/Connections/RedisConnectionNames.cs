namespace RedisAspire.Core.Connections;

/// <summary>The names of the Redis connections: connection strings (<c>ConnectionStrings:name</c>) and AppHost resources.</summary>
public static class RedisConnectionNames
{
    /// <summary>Caches, pub/sub, queues and ask counts; the unkeyed <c>IConnectionMultiplexer</c>.</summary>
    public const string Cache = "cache";

    /// <summary>
    /// The vector hot tier's Redis, keyed by this name; the same connection as <see cref="Cache"/> unless
    /// <c>ConnectionStrings:vectors</c> is set (two instances: the hot tier needs <c>noeviction</c>, caches want eviction).
    /// </summary>
    public const string Vectors = "vectors";
}
