namespace RedisAspire.Core.Retrieval;

/// <summary>Which tier a query may use.</summary>
public enum RetrievalTier
{
    /// <summary>The hot tier first; PostgreSQL when it misses, fails or is too slow.</summary>
    Auto,

    /// <summary>The Redis hot tier only.</summary>
    Hot,

    /// <summary>PostgreSQL only.</summary>
    Cold,
}
