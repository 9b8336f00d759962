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

    /// <summary>
    /// <c>HotSet:TenantShare</c>: the share of <see cref="Size"/> one tenant's asked documents may take while other
    /// tenants' asked documents compete for room; only room no one else asked for goes beyond it.
    /// </summary>
    [Range(0.0, 1.0, MinimumIsExclusive = true, ErrorMessage = "HotSet:TenantShare must be above 0 and at most 1.")]
    public double TenantShare { get; set; } = 0.5;

    /// <summary>
    /// <c>HotSet:TenantSizes:{tenant}</c>: at most this many of one tenant's documents (within <see cref="Size"/>), a hard
    /// cap that replaces <see cref="TenantShare"/> for that tenant.
    /// </summary>
    public Dictionary<string, int> TenantSizes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many of <paramref name="tenant"/>'s asked documents the hot set takes while others compete: its explicit size,
    /// or <see cref="TenantShare"/> of <see cref="Size"/> rounded down, but at least one so every tenant gets a place.
    /// </summary>
    internal int FairShareOf(string tenant) =>
        TenantSizes.TryGetValue(tenant, out var cap) ? Math.Min(cap, Size) : Math.Max(1, (int)Math.Floor((TenantShare * Size) + RoundingSlack));

    // 0.29 × 100 is 28.999999999999996 in binary: without the slack, rounding down would lose a whole document.
    private const double RoundingSlack = 1e-9;
}
