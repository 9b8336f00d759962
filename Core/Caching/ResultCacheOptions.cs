using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Caching;

/// <summary>Settings of the result cache (configuration section <c>ResultCache</c>).</summary>
public sealed class ResultCacheOptions : IValidatableObject
{
    public const string SectionName = "ResultCache";

    /// <summary>The first part of every Redis key and channel the cache uses.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,32}$", ErrorMessage = "ResultCache:KeyPrefix must be 1 to 32 letters, digits, '_', '.' or '-'.")]
    public string KeyPrefix { get; set; } = "cache";

    /// <summary>The largest serialized value accepted; larger ones are refused, never truncated.</summary>
    [Range(1, 512 * 1024 * 1024)]
    public int MaxValueBytes { get; set; } = 1024 * 1024;

    /// <summary>The most memory the in-process tier (L1) holds, counted as serialized bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long L1SizeLimitBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Consecutive Redis failures that open the circuit: calls then skip Redis instead of each waiting for a timeout.</summary>
    [Range(1, 1000)]
    public int CircuitBreakerFailureThreshold { get; set; } = 3;

    /// <summary>How long the circuit stays open before one call tries Redis again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a caller waits for Redis before answering from the factory instead: a cache read slower than
    /// recomputing is worth nothing, and the client's own timeout (seconds) is far longer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a caller waiting for another process's value checks Redis, besides being notified over pub/sub.</summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:00:10")]
    public TimeSpan LockPollInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often each replica writes its counters to Redis, where every replica's <c>GET /cache/stats</c> reads them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ReplicaReportInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a replica's report lives in Redis: a replica that stopped reporting (stopped, crashed, cut off) is no
    /// longer listed after this long. Longer than <see cref="ReplicaReportInterval"/>, so one late report is not a gap.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReplicaReportTimeToLive { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The settings' errors that span settings, each naming its setting.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReplicaReportTimeToLive <= ReplicaReportInterval)
        {
            yield return new ValidationResult(
                $"{SectionName}:ReplicaReportTimeToLive ({ReplicaReportTimeToLive}) must be longer than {SectionName}:ReplicaReportInterval ({ReplicaReportInterval}).",
                [nameof(ReplicaReportTimeToLive)]);
        }
    }
}
