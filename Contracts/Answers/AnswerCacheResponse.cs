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
/// <param name="Semantic">The semantic cache: its threshold, this replica's lookups and the false-hit audit.</param>
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
    AnswerGeneratorInfo Generator,
    SemanticAnswerCacheResponse Semantic);

/// <summary>The semantic answer cache as <c>GET /ask/cache</c> reports it: settings, and this replica's figures since it started.</summary>
/// <param name="Enabled">Whether <c>POST /ask</c> consults it.</param>
/// <param name="Threshold">The largest cosine distance between a question and an earlier one whose answer it gets (tenants may have their own).</param>
/// <param name="Hits">Answers it gave.</param>
/// <param name="Misses">Lookups that found no close enough earlier question with its answer still cached.</param>
/// <param name="Added">Questions added after their answer was written.</param>
/// <param name="Failures">Lookups and additions that failed (the question was then answered as a miss).</param>
/// <param name="Audited">Hits recomputed in the background to check them.</param>
/// <param name="FalseHits">Those whose fresh answer cited none of the cached answer's documents.</param>
/// <param name="FalseHitRate">FalseHits / Audited; 0 before any audit.</param>
/// <param name="AuditsDropped">Hits sampled for an audit but dropped because the audit queue was full.</param>
public sealed record SemanticAnswerCacheResponse(
    bool Enabled,
    double Threshold,
    long Hits,
    long Misses,
    long Added,
    long Failures,
    long Audited,
    long FalseHits,
    double FalseHitRate,
    long AuditsDropped);
