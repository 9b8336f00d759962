namespace RedisAspire.Core.Connections;

/// <summary>What the start-up self-check found on one Redis connection; never a secret.</summary>
/// <param name="Name">The connection's name (<c>cache</c> or <c>vectors</c>).</param>
/// <param name="Tls">Whether the connection is encrypted.</param>
/// <param name="Authentication">How the service authenticates.</param>
/// <param name="SearchModule">Whether the query engine (RediSearch, <c>FT.*</c>) is there.</param>
/// <param name="VectorSets">Whether Vector Sets (<c>VADD</c>/<c>VSIM</c>) are there.</param>
/// <param name="EvictionPolicy">The <c>maxmemory-policy</c>.</param>
/// <param name="ClusterEnabled">The <c>cluster_enabled</c> field of <c>INFO cluster</c>.</param>
/// <param name="HoldsHotTier">Whether the vector hot tier lives on this connection.</param>
/// <param name="Warning">What to change, when the policy can evict the hot tier; null otherwise.</param>
public sealed record RedisConnectionCheck(
    string Name,
    bool Tls,
    ServerAuthentication Authentication,
    bool SearchModule,
    bool VectorSets,
    string EvictionPolicy,
    bool ClusterEnabled,
    bool HoldsHotTier,
    string? Warning);
