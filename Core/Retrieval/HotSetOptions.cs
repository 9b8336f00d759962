using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Retrieval;

/// <summary>The configuration section <c>HotSet</c>: how many documents the Redis hot tier holds.</summary>
public sealed class HotSetOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "HotSet";

    /// <summary>The largest hot set accepted.</summary>
    public const int MaxSize = 100_000;

    /// <summary><c>HotSet:Size</c>: how many documents the hot tier holds in all.</summary>
    [Range(1, MaxSize)]
    public int Size { get; set; } = 2000;

    /// <summary>
    /// <c>HotSet:Schedule</c>: when the Worker refreshes the hot set, as a cron expression in UTC (five fields, or six
    /// with seconds); nightly at 03:00 by default; <c>off</c> or empty: only on demand (<c>POST /hotset/refresh</c>).
    /// </summary>
    public string? Schedule { get; set; } = "0 3 * * *";

    /// <summary><c>HotSet:TenantSizes:{tenant}</c>: at most this many of one tenant's documents (within <see cref="Size"/>).</summary>
    public Dictionary<string, int> TenantSizes { get; set; } = new(StringComparer.Ordinal);
}
