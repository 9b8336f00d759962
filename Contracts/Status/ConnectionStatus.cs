namespace RedisAspire.Contracts;

/// <summary>How the service reaches one Redis connection, from the start-up self-check; never a secret.</summary>
/// <param name="Name">The connection's name (<c>cache</c> or <c>vectors</c>).</param>
/// <param name="Tls">Whether the connection is encrypted.</param>
/// <param name="Authentication"><c>None</c>, <c>Key</c> or <c>EntraId</c>.</param>
/// <param name="SearchModule">Whether the query engine (RediSearch) is there.</param>
/// <param name="VectorSets">Whether Vector Sets are there.</param>
/// <param name="EvictionPolicy">The <c>maxmemory-policy</c>.</param>
/// <param name="ClusterEnabled">Whether the server runs in cluster mode (<c>cluster_enabled</c>).</param>
/// <param name="HoldsHotTier">Whether the vector hot tier lives here.</param>
/// <param name="Warning">What to change when the policy can evict the hot tier; null otherwise.</param>
public sealed record RedisConnectionStatus(
    string Name, bool Tls, string Authentication, bool SearchModule, bool VectorSets, string EvictionPolicy,
    bool ClusterEnabled, bool HoldsHotTier, string? Warning);

/// <summary>How the service reaches PostgreSQL, from the start-up self-check; never a secret.</summary>
/// <param name="Tls">Whether the connection string requires TLS.</param>
/// <param name="Authentication"><c>None</c>, <c>Key</c> or <c>EntraId</c>.</param>
public sealed record PostgresConnectionStatus(bool Tls, string Authentication);
