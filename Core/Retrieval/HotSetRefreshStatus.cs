using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>A hot-set refresh's progress or outcome, as every replica sees it.</summary>
/// <param name="State">Running, completed or failed.</param>
/// <param name="Planned">How many documents the refresh chose; null until it has chosen.</param>
/// <param name="FromAsks">How many of them were chosen by their ask counts (the rest are the newest documents).</param>
/// <param name="Loaded">How many have been loaded into the new hot index so far.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
public sealed record HotSetRefreshStatus(
    VectorRebuildState State,
    int? Planned,
    int? FromAsks,
    long Loaded,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
