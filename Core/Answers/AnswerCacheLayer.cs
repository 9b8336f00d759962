namespace RedisAspire.Core.Answers;

/// <summary>Which answer cache gave an answer.</summary>
public enum AnswerCacheLayer
{
    /// <summary>None: the generator wrote it for this question (here, or on the replica that held the lock).</summary>
    None,

    /// <summary>The exact cache: the same question (normalised) in the same tenant and conversation.</summary>
    Exact,

    /// <summary>The semantic cache: an earlier question of the same meaning (not built yet).</summary>
    Semantic,
}
