namespace RedisAspire.Core.Vectors;

/// <summary>What a Redis server is and which of the two vector engines it offers.</summary>
/// <param name="Version">The server version from <c>INFO server</c>.</param>
/// <param name="HasVectorSets">Whether <c>VADD</c>/<c>VSIM</c> exist (built into Redis 8).</param>
/// <param name="HasQueryEngine">Whether <c>FT.SEARCH</c> exists (RediSearch / Redis Query Engine).</param>
public sealed record RedisServerInfo(Version Version, bool HasVectorSets, bool HasQueryEngine)
{
    /// <summary>The first Redis version with Vector Sets built in.</summary>
    public static readonly Version VectorSetsMinimumVersion = new(8, 0);

    /// <summary>Whether this server can hold the vector hot tier with at least one engine.</summary>
    public bool SupportsVectorSearch => HasVectorSets || HasQueryEngine;
}
