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
}
