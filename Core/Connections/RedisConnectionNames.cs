namespace RedisAspire.Core.Connections;

/// <summary>The names of the Redis connections: connection strings (<c>ConnectionStrings:name</c>) and AppHost resources.</summary>
public static class RedisConnectionNames
{
    /// <summary>Caches, pub/sub and ask counts (and everything when there is no <see cref="Vectors"/>); the unkeyed <c>IConnectionMultiplexer</c>.</summary>
    public const string Cache = "cache";

    /// <summary>
    /// The Redis of what must never be evicted, the vector hot tier and the ingestion queue, keyed by this name; the same
    /// connection as <see cref="Cache"/> unless <c>ConnectionStrings:vectors</c> is set (two instances: the hot tier and
    /// accepted writes need <c>noeviction</c>, caches want eviction).
    /// </summary>
    public const string Vectors = "vectors";
}
