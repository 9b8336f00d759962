namespace RedisAspire.Core.Caching;

/// <summary>A value from <see cref="IResultCache.GetOrCreateAsync{T}"/> and where it came from.</summary>
public readonly record struct CacheResult<T>(T Value, CacheOutcome Outcome);
