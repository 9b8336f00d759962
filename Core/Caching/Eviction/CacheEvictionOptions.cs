namespace RedisAspire.Core.Caching.Eviction;

/// <summary>Eviction reporting and policy changes, bound from the configuration section <see cref="SectionName"/>.</summary>
public sealed class CacheEvictionOptions
{
    /// <summary>The configuration section: <c>ResultCache:Eviction</c>.</summary>
    public const string SectionName = "ResultCache:Eviction";

    /// <summary>
    /// Whether the application may change the eviction policy and <c>maxmemory</c> with <c>CONFIG SET</c>. Only for a
    /// local Redis: on Azure Managed Redis the policy is a resource setting chosen at creation. Default false.
    /// </summary>
    public bool AllowPolicyChanges { get; set; }

    /// <summary>
    /// Whether keys without a TTL (the vector hot tier, entries kept until invalidated) share this Redis, so that an
    /// <c>allkeys-*</c> policy is reported as a risk before any such key exists. Default true: the hot tier lives in the
    /// <c>cache</c> Redis.
    /// </summary>
    public bool PermanentKeysExpected { get; set; } = true;
}
