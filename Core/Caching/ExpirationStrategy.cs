namespace RedisAspire.Core.Caching;

/// <summary>How an entry's lifetime ends.</summary>
public enum ExpirationStrategy
{
    /// <summary>A fixed lifetime from when the value was stored (<c>SET ... PX</c>).</summary>
    Fixed,

    /// <summary>A window that every read pushes out again (<c>GETEX ... PX</c>), capped by an optional maximum lifetime.</summary>
    Sliding,

    /// <summary>Until invalidated by key or tag, with an optional safety lifetime.</summary>
    Invalidation,
}
