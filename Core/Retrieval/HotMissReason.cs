namespace RedisAspire.Core.Retrieval;

/// <summary>Why the hot tier's answer was not used.</summary>
public enum HotMissReason
{
    /// <summary>It found fewer than K documents that pass the filters.</summary>
    TooFewResults,

    /// <summary>Its best match was less similar than the confidence threshold.</summary>
    BelowConfidence,

    /// <summary>It failed (Redis unreachable, or an error reply).</summary>
    Failed,

    /// <summary>It did not answer within the hot tier's timeout.</summary>
    TimedOut,
}
