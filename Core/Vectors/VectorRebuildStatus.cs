namespace RedisAspire.Core.Vectors;

/// <summary>A rebuild's progress or outcome, as every replica sees it.</summary>
/// <param name="State">Running, completed or failed.</param>
/// <param name="Target">The version being built or swapped in (a key or an index name).</param>
/// <param name="Copied">How many documents have been written to the new version.</param>
/// <param name="Expected">How many documents the source held when the rebuild started; null when unknown.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it completed or failed; null while running.</param>
/// <param name="Error">Why it failed; null otherwise.</param>
public sealed record VectorRebuildStatus(
    VectorRebuildState State,
    string Target,
    long Copied,
    long? Expected,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
