namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// Whether the answer an entry points to is still cached: an entry whose answer is gone (expired, evicted, dropped by
/// a document change) is a miss, and is removed.
/// </summary>
public interface IAnswerPresence
{
    /// <summary>Whether the exact cache still holds <paramref name="answerKey"/>.</summary>
    ValueTask<bool> ExistsAsync(string answerKey, CancellationToken cancellationToken);
}
