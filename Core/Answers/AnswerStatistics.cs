using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Answers;

/// <summary>This process's answers since it started, for <c>GET /ask/cache</c>: by cache layer and outcome, and generator calls; safe from any thread.</summary>
public sealed class AnswerStatistics
{
    private readonly long[] exact = new long[Enum.GetValues<CacheOutcome>().Length];
    private long uncached;
    private long semanticHits;
    private long semanticFailures;
    private long generatorCalls;
    private long generatorFailures;

    /// <summary>Figures from now on, dated by <paramref name="time"/> (the system clock when null).</summary>
    public AnswerStatistics(TimeProvider? time = null) => Since = (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>When counting started.</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Records where an answer came from: the exact cache's outcome, or null when the cache is off.</summary>
    public void RecordExact(CacheOutcome? outcome)
    {
        if (outcome is { } known)
        {
            Interlocked.Increment(ref exact[(int)known]);
        }
        else
        {
            Interlocked.Increment(ref uncached);
        }
    }

    /// <summary>Records an answer the semantic cache gave (the exact cache had none).</summary>
    public void RecordSemanticHit() => Interlocked.Increment(ref semanticHits);

    /// <summary>Records a lookup or an addition of the semantic cache that failed (Redis unreachable or refusing).</summary>
    public void RecordSemanticFailure() => Interlocked.Increment(ref semanticFailures);

    /// <summary>Records one call of the generator, and whether it failed.</summary>
    public void RecordGeneratorCall(bool failed)
    {
        Interlocked.Increment(ref generatorCalls);
        if (failed)
        {
            Interlocked.Increment(ref generatorFailures);
        }
    }

    /// <summary>Answers the exact cache gave with <paramref name="outcome"/>.</summary>
    public long Exact(CacheOutcome outcome) => Volatile.Read(ref exact[(int)outcome]);

    /// <summary>Answers the semantic cache gave.</summary>
    public long SemanticHits => Volatile.Read(ref semanticHits);

    /// <summary>Semantic cache lookups and additions that failed.</summary>
    public long SemanticFailures => Volatile.Read(ref semanticFailures);

    /// <summary>Answers written with the cache off.</summary>
    public long Uncached => Volatile.Read(ref uncached);

    /// <summary>Calls of the generator.</summary>
    public long GeneratorCalls => Volatile.Read(ref generatorCalls);

    /// <summary>Calls of the generator that failed.</summary>
    public long GeneratorFailures => Volatile.Read(ref generatorFailures);
}
