using System.Diagnostics.Metrics;

namespace RedisAspire.Api.Limits;

/// <summary>Requests refused by the rate limiter, by tenant.</summary>
internal sealed class RateLimitTelemetry(IMeterFactory meters)
{
    private readonly Counter<long> rejected = meters.Create(TenantRateLimiting.MeterName)
        .CreateCounter<long>("redisaspire.api.rate_limited", "{request}", "Requests refused by the per-tenant rate limit");

    public void Rejected(string tenants) => rejected.Add(1, new KeyValuePair<string, object?>("tenant", tenants));
}
