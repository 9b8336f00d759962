namespace RedisAspire.Core.Answers.Semantic;

/// <summary>The false-hit audit's counters at one moment.</summary>
/// <param name="Queued">Hits drawn and queued for recomputation.</param>
/// <param name="Audited">Recomputations that finished and were compared.</param>
/// <param name="FalseHits">Audited hits whose fresh answer cites none of the cached answer's documents (see <see cref="SemanticAnswerAudit.IsFalseHit"/>).</param>
/// <param name="Dropped">Hits drawn but dropped because the queue was full.</param>
/// <param name="Failed">Recomputations that threw or timed out.</param>
public sealed record SemanticAuditSnapshot(long Queued, long Audited, long FalseHits, long Dropped, long Failed)
{
    /// <summary>False hits over audited hits; 0 before the first audit.</summary>
    public double FalseHitRate => Audited == 0 ? 0 : (double)FalseHits / Audited;
}
