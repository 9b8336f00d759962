namespace RedisAspire.Contracts;

/// <summary>
/// The answer cache (<c>GET /ask/cache</c>): its settings, how many answers Redis holds (all replicas'), and this
/// replica's answers by cache outcome and its generator calls since it started.
/// </summary>
/// <param name="Since">When this replica started counting.</param>
/// <param name="Enabled">Whether answers are cached.</param>
/// <param name="Expiration">Sliding or Fixed.</param>
/// <param name="TimeToLiveSeconds">The lifetime, or the sliding window.</param>
/// <param name="MaxLifetimeSeconds">Sliding only: the longest an answer lives however often it is asked; null for Fixed.</param>
/// <param name="Entries">Answers Redis holds now, of every tenant and replica.</param>
/// <param name="Exact">This replica's answers by the exact cache's outcome (Hits and L1Hits are exact-cache answers).</param>
/// <param name="Uncached">This replica's answers written with the cache off.</param>
/// <param name="GeneratorCalls">This replica's calls of the generator.</param>
/// <param name="GeneratorFailures">Those that failed.</param>
/// <param name="Generator">The generator answers are written by.</param>
public sealed record AnswerCacheResponse(
    DateTimeOffset Since,
    bool Enabled,
    ExpirationStrategy Expiration,
    double TimeToLiveSeconds,
    double? MaxLifetimeSeconds,
    long Entries,
    CacheOutcomeCounts Exact,
    long Uncached,
    long GeneratorCalls,
    long GeneratorFailures,
    AnswerGeneratorInfo Generator);
