using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Answers.Semantic;

/// <summary>Answers live in the result cache: an answer is present while Redis holds its key (read without counting as a hit or sliding it).</summary>
public sealed class ResultCacheAnswerPresence(IResultCache cache) : IAnswerPresence
{
    /// <inheritdoc />
    public async ValueTask<bool> ExistsAsync(string answerKey, CancellationToken cancellationToken) =>
        await cache.GetEntryInfoAsync(answerKey, cancellationToken).ConfigureAwait(false) is not null;
}
