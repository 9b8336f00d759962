using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Retrieval;

/// <summary>The configuration section <c>Retrieval</c>: when the hot tier's answer is good enough.</summary>
public sealed class RetrievalOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Retrieval";

    /// <summary>
    /// <c>Retrieval:ConfidenceThreshold</c>: the cosine similarity the hot tier's best match must reach for its answer
    /// to be used (COSINE only; other metrics rely on the result count alone).
    /// </summary>
    [Range(0.0, 1.0)]
    public double ConfidenceThreshold { get; set; } = 0.5;

    /// <summary>
    /// <c>Retrieval:ResultTimeToLive</c>: how long a search result is cached (fixed TTL) and answered again without
    /// either tier; zero turns the cache off.
    /// </summary>
    public TimeSpan ResultTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>Retrieval:VersionCheckInterval</c>: how often a process checks which embedding version is live, besides the
    /// switch announced on pub/sub (default 5 seconds); a retired version is dropped only well after this.
    /// </summary>
    public TimeSpan VersionCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>Retrieval:HotTimeout</c>: how long the hot tier may take before PostgreSQL answers instead.</summary>
    public TimeSpan HotTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// <c>Retrieval:HotFailuresBeforeBreak</c>: after this many hot-tier failures or timeouts in a row, searches skip
    /// the hot tier for <see cref="HotBreakDuration"/> (their <c>missReason</c> is Failed) instead of each waiting for
    /// <see cref="HotTimeout"/> (default 3).
    /// </summary>
    public int HotFailuresBeforeBreak { get; set; } = 3;

    /// <summary>
    /// <c>Retrieval:HotBreakDuration</c>: how long searches skip a failing hot tier before trying it again (default 2
    /// seconds); the first answer ends the break.
    /// </summary>
    public TimeSpan HotBreakDuration { get; set; } = TimeSpan.FromSeconds(2);
}
