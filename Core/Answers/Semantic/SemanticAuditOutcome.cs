namespace RedisAspire.Core.Answers.Semantic;

/// <summary>What became of a semantic hit offered to the false-hit audit.</summary>
public enum SemanticAuditOutcome
{
    /// <summary>Not drawn for this sample.</summary>
    NotSampled,

    /// <summary>Drawn and queued; it is recomputed in the background.</summary>
    Queued,

    /// <summary>Drawn, but the queue was full: dropped, and counted.</summary>
    Dropped,
}
