namespace RedisAspire.Core.Vectors;

/// <summary>How a Vector Set stores each vector (<c>VADD ... NOQUANT | Q8 | BIN</c>).</summary>
public enum VectorQuantization
{
    /// <summary>8-bit integers: a quarter of the memory of FLOAT32, little recall lost (Redis's default).</summary>
    Q8,

    /// <summary>Full FLOAT32 precision.</summary>
    NoQuantization,

    /// <summary>One bit per dimension: smallest and fastest, least exact.</summary>
    Binary,
}
