namespace RedisAspire.Core.Answers.Semantic;

/// <summary>What the semantic cache did since this process started: counters <c>GET /ask/cache</c> reports and the meter publishes.</summary>
public sealed class SemanticAnswerStatistics
{
    private long hits;
    private long misses;
    private long added;
    private long expired;
    private long answersGone;
    private long trimmed;
    private long removedByDocument;

    internal void Hit() => Interlocked.Increment(ref hits);

    internal void Miss() => Interlocked.Increment(ref misses);

    internal void Added() => Interlocked.Increment(ref added);

    internal void Expired(long count) => Interlocked.Add(ref expired, count);

    internal void AnswerGone() => Interlocked.Increment(ref answersGone);

    internal void Trimmed(long count) => Interlocked.Add(ref trimmed, count);

    internal void RemovedByDocument(long count) => Interlocked.Add(ref removedByDocument, count);

    /// <summary>The counters now.</summary>
    public SemanticAnswerStatisticsSnapshot Snapshot() => new(
        Interlocked.Read(ref hits),
        Interlocked.Read(ref misses),
        Interlocked.Read(ref added),
        Interlocked.Read(ref expired),
        Interlocked.Read(ref answersGone),
        Interlocked.Read(ref trimmed),
        Interlocked.Read(ref removedByDocument));
}

/// <summary>The semantic cache's counters at one moment.</summary>
/// <param name="Hits">Lookups answered by an earlier question within the threshold.</param>
/// <param name="Misses">Lookups that found none.</param>
/// <param name="Added">Entries added.</param>
/// <param name="Expired">Expired entries removed (met by a lookup, or swept when an entry was added).</param>
/// <param name="AnswersGone">Entries removed because the answer they pointed to was no longer cached.</param>
/// <param name="Trimmed">Entries dropped, oldest first, to keep a tenant within its maximum.</param>
/// <param name="RemovedByDocument">Entries removed because a document their answer cites changed.</param>
public sealed record SemanticAnswerStatisticsSnapshot(
    long Hits,
    long Misses,
    long Added,
    long Expired,
    long AnswersGone,
    long Trimmed,
    long RemovedByDocument)
{
    /// <summary>Hits over lookups; 0 before the first lookup.</summary>
    public double HitRate => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
