namespace RedisAspire.Core.Answers.Semantic;

/// <summary>How a semantic cache entry's lifetime ends.</summary>
public enum SemanticExpiration
{
    /// <summary>A fixed lifetime from when the entry was added.</summary>
    Fixed,

    /// <summary>A window that each hit renews, capped by the entry's maximum lifetime.</summary>
    Sliding,
}
