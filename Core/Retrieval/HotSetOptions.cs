using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Retrieval;

/// <summary>The configuration section <c>HotSet</c>: how many documents the Redis hot tier holds, and which.</summary>
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
    /// <c>HotSet:Policy</c>: how a refresh chooses the documents: <c>MostAsked</c> (the default), <c>Newest</c> or
    /// <c>Mixed</c> (see <see cref="HotSetPolicy"/>); case is ignored.
    /// </summary>
    public string Policy { get; set; } = nameof(HotSetPolicy.MostAsked);

    /// <summary>
    /// <c>HotSet:NewestShare</c>: with the <c>Mixed</c> policy, the share of <see cref="Size"/> that goes to the newest
    /// documents (rounded down); the rest goes to the most asked, and either fills room the other leaves.
    /// </summary>
    [Range(0.0, 1.0, ErrorMessage = "HotSet:NewestShare must be between 0 and 1.")]
    public double NewestShare { get; set; } = 0.5;

    /// <summary>
    /// <c>HotSet:Schedule</c>: when the Worker refreshes the hot set, as a cron expression in UTC (five fields, or six
    /// with seconds); nightly at 03:00 by default; <c>off</c> or empty: only on demand (<c>POST /hotset/refresh</c>).
    /// </summary>
    public string? Schedule { get; set; } = "0 3 * * *";

    /// <summary>
    /// <c>HotSet:ColdStartInterval</c>: how often the Worker checks that the hot tier is not empty, and while it is,
    /// whether documents are in to load the hot set without waiting for <see cref="Schedule"/> (see
    /// <see cref="HotSetColdStart"/>); <c>00:00:00</c> turns the check off.
    /// </summary>
    public TimeSpan ColdStartInterval { get; set; } = TimeSpan.FromSeconds(5);

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

    /// <summary>The policy <see cref="Policy"/> names.</summary>
    /// <exception cref="FormatException">It names none (start-up validation refuses such a setting).</exception>
    public HotSetPolicy ParsePolicy() =>
        TryParsePolicy(Policy, out var policy) ? policy : throw new FormatException(PolicyError);

    /// <summary>The message a <see cref="Policy"/> that names no policy is refused with.</summary>
    public const string PolicyError = "HotSet:Policy must be MostAsked (the default), Newest or Mixed.";

    /// <summary>Whether <paramref name="text"/> names a policy (case ignored; numbers are not names).</summary>
    public static bool TryParsePolicy(string? text, out HotSetPolicy policy)
    {
        policy = default;
        return !string.IsNullOrWhiteSpace(text)
            && char.IsLetter(text.Trim()[0])
            && Enum.TryParse(text.Trim(), ignoreCase: true, out policy)
            && Enum.IsDefined(policy);
    }

    /// <summary>
    /// How much of <see cref="Size"/> the newest documents take before the asked ones are chosen: all of it with the
    /// <c>Newest</c> policy, none with <c>MostAsked</c>, <see cref="NewestShare"/> of it rounded down with <c>Mixed</c>.
    /// </summary>
    internal int NewestRoom => ParsePolicy() switch
    {
        HotSetPolicy.Newest => Size,
        HotSetPolicy.Mixed => (int)Math.Floor((NewestShare * Size) + RoundingSlack),
        _ => 0,
    };

    /// <summary>
    /// How many of <paramref name="tenant"/>'s asked documents the hot set takes while others compete: its explicit size,
    /// or <see cref="TenantShare"/> of <see cref="Size"/> rounded down, but at least one so every tenant gets a place.
    /// </summary>
    internal int FairShareOf(string tenant) => FairShareOf(tenant, Size);

    /// <summary>
    /// <see cref="FairShareOf(string)"/> of the <paramref name="room"/> the asked documents compete for (less than
    /// <see cref="Size"/> when the <c>Mixed</c> policy keeps part of it for the newest).
    /// </summary>
    internal int FairShareOf(string tenant, int room) =>
        TenantSizes.TryGetValue(tenant, out var cap) ? Math.Min(cap, Size) : Math.Max(1, (int)Math.Floor((TenantShare * room) + RoundingSlack));

    // 0.29 × 100 is 28.999999999999996 in binary: without the slack, rounding down would lose a whole document.
    private const double RoundingSlack = 1e-9;
}
