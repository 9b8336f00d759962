namespace RedisAspire.Api.Limits;

/// <summary>
/// How many requests each tenant may make (section <c>RateLimits</c>): a token bucket per tenant, so one tenant's burst
/// cannot take the Api from the others. An admin has a bucket of its own per subject.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    /// <summary>The most requests a tenant may make at once (the bucket's size).</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Requests a tenant regains per second.</summary>
    public int PerSecond { get; set; } = 100;
}
