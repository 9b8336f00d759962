using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>Vector Sets (<c>VADD</c>/<c>VSIM</c>), built into Redis 8 itself, including distribution packages that ship no modules.</summary>
internal sealed class VectorSetsEngine : IVectorEngine
{
    /// <summary>The engine's name.</summary>
    public const string EngineName = "VectorSets";

    /// <inheritdoc />
    public string Name => EngineName;

    /// <inheritdoc />
    public string Offering => "Vector Sets (VSIM)";

    /// <inheritdoc />
    public string Lacking => "has no Vector Sets (they are built into Redis 8 and later)";

    /// <inheritdoc />
    public string Remedy => "Redis 8 or later (./eng/setup.sh installs it)";

    /// <inheritdoc />
    public bool IsAvailable(RedisServerInfo server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return server.HasVectorSets;
    }

    /// <inheritdoc />
    public IVectorIndex Open(IConnectionMultiplexer redis, VectorIndexSchema schema) => new VectorSetsIndex(redis, schema);
}
