namespace RedisAspire.Core.Caching.Eviction;

/// <summary>Thrown when the eviction policy is to be changed but <see cref="CacheEvictionOptions.AllowPolicyChanges"/> is off.</summary>
public sealed class EvictionPolicyChangeNotAllowedException : InvalidOperationException
{
    /// <summary>The explanation every refusal carries, for the exception and for HTTP problem details.</summary>
    public const string Explanation =
        "Eviction policy changes are turned off (" + CacheEvictionOptions.SectionName + ":AllowPolicyChanges is false). "
        + "On Azure Managed Redis the eviction policy is a resource setting chosen when the cache is created, not something "
        + "the application can change; a cache with the RediSearch module must use the Enterprise cluster policy and "
        + "noeviction. Turn the setting on only for a local Redis.";

    /// <summary>An exception carrying <see cref="Explanation"/>.</summary>
    public EvictionPolicyChangeNotAllowedException()
        : base(Explanation)
    {
    }

    /// <summary>An exception with a message of the caller's choosing.</summary>
    public EvictionPolicyChangeNotAllowedException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with a message and the exception that caused it.</summary>
    public EvictionPolicyChangeNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
