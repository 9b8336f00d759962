namespace RedisAspire.Core.Vectors;

/// <summary>The two Redis vector engines the hot tier can run on.</summary>
public enum VectorEngine
{
    /// <summary>RediSearch / Redis Query Engine (<c>FT.*</c>): Azure Managed Redis, Redis Stack, the Redis 8 images.</summary>
    RediSearch,

    /// <summary>Vector Sets (<c>VADD</c>/<c>VSIM</c>), built into Redis 8 itself.</summary>
    VectorSets,
}
