using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>The Redis query engine (RediSearch, <c>FT.*</c>): Azure Managed Redis, Redis Stack, the Redis 8 images.</summary>
/// <remarks>Preferred when a server has both engines: it adds the IP and L2 metrics, FLAT indexes and range queries.</remarks>
internal sealed class RediSearchEngine : IVectorEngine
{
    /// <summary>The engine's name.</summary>
    public const string EngineName = "RediSearch";

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    public string Offering => "the query engine (FT.SEARCH)";

    /// <inheritdoc />
    public string Lacking => "has no query engine (FT.SEARCH)";

    /// <inheritdoc />
    public string Remedy => "Redis Stack, a Redis 8 image with the query engine, or Azure Managed Redis with the RediSearch module";

    /// <inheritdoc />
    public bool IsAvailable(RedisServerInfo server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.HasQueryEngine;
    }

    /// <inheritdoc />
    public IVectorIndex Open(IConnectionMultiplexer redis, VectorIndexSchema schema) => new RediSearchIndex(redis, schema);
}
