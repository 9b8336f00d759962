namespace RedisAspire.Core.Retrieval;

/// <summary>The documents a refresh loads into the hot tier, most asked first, then the newest.</summary>
/// <param name="Ids">The documents' ids, in the order they were chosen.</param>
/// <param name="FromAsks">How many were chosen by their ask counts; the rest are the newest documents.</param>
internal sealed record HotSetPlan(IReadOnlyList<string> Ids, int FromAsks);
