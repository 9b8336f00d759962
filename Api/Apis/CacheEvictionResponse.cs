using RedisAspire.Core.Caching.Eviction;

namespace RedisAspire.Api.Apis;

/// <summary>The cache Redis's memory and eviction report, what the advisor makes of it, and whether the policy may be changed here.</summary>
public sealed record CacheEvictionResponse(
    RedisMemoryReport Report, IReadOnlyList<EvictionFinding> Findings, bool PolicyChangesAllowed)
{
    public static CacheEvictionResponse From(RedisMemoryReport report, CacheEvictionOptions options) =>
        new(report, EvictionAdvisor.Advise(report, options.PermanentKeysExpected), options.AllowPolicyChanges);
}
