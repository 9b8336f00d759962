namespace RedisAspire.Core.Retrieval;

/// <summary>The documents a refresh loads into the hot tier, as its policy chose them from the asks and the newest.</summary>
/// <param name="Ids">The documents' ids, in the order they were chosen.</param>
/// <param name="FromAsks">
/// How many were chosen by their ask counts (each tenant's fair share, then spare room); the rest are the newest documents.
/// </param>
internal sealed record HotSetPlan(IReadOnlyList<string> Ids, int FromAsks);
