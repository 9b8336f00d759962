namespace RedisAspire.Core.Answers.Semantic;

/// <summary>An earlier question near enough to a new one that its answer serves.</summary>
/// <param name="EntryId">The semantic cache entry that matched.</param>
/// <param name="AnswerKey">The exact cache's key of the earlier question's answer.</param>
/// <param name="Distance">The cosine distance (1 - cosine) between the two questions, at most the tenant's threshold.</param>
/// <param name="CitedDocumentIds">The documents the cached answer cites.</param>
/// <param name="ExpiresAt">When the entry expires now (a sliding entry's hit has just moved it).</param>
public sealed record SemanticHit(
    string EntryId,
    string AnswerKey,
    double Distance,
    IReadOnlyList<string> CitedDocumentIds,
    DateTimeOffset ExpiresAt);
