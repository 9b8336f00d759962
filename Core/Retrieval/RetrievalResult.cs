using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>What the two-tier retriever answered, which tier answered it, and what each tier cost.</summary>
/// <param name="Tier">The tier whose hits these are: <see cref="RetrievalTier.Hot"/> or <see cref="RetrievalTier.Cold"/>.</param>
/// <param name="Hits">The documents, closest first.</param>
/// <param name="MissReason">Why the hot tier's answer was not used; null when it was, or when it was not asked.</param>
/// <param name="HotElapsed">How long the hot tier took; null when it was not asked.</param>
/// <param name="ColdElapsed">How long PostgreSQL took; null when it was not asked.</param>
public sealed record RetrievalResult(
    RetrievalTier Tier,
    IReadOnlyList<VectorHit> Hits,
    HotMissReason? MissReason,
    TimeSpan? HotElapsed,
    TimeSpan? ColdElapsed);
