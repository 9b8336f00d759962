namespace RedisAspire.Core.Caching;

/// <summary>A value whose serialized form is over the cache's size limit: it is refused, never truncated.</summary>
internal sealed class CacheValueTooLargeException : Exception
{
    public CacheValueTooLargeException(string key, int sizeBytes, int limitBytes)
        : base($"The value for cache key '{key}' is {sizeBytes} bytes serialized, over the limit of {limitBytes} bytes (ResultCache:MaxValueBytes).")
    {
        SizeBytes = sizeBytes;
        LimitBytes = limitBytes;
    }

    public CacheValueTooLargeException()
    {
    }

    public CacheValueTooLargeException(string message)
        : base(message)
    {
    }

    public CacheValueTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int SizeBytes { get; }

    public int LimitBytes { get; }
}
