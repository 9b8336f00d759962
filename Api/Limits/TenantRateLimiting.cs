using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RedisAspire.Api.Identity;

namespace RedisAspire.Api.Limits;

/// <summary>
/// Rate limits per tenant: callers share their tenants' bucket, refused requests get a 429 ProblemDetails with
/// <c>Retry-After</c>, and each refusal is counted by tenant (<c>redisaspire.api.rate_limited</c>). Anonymous requests
/// (health, the development issuer) are not limited here.
/// </summary>
internal static class TenantRateLimiting
{
    public const string MeterName = "redisaspire.api";

    public static IHostApplicationBuilder AddTenantRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(limits => limits.Burst >= 1 && limits.PerSecond >= 1, "RateLimits:Burst and RateLimits:PerSecond must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RateLimitTelemetry>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            limiter.OnRejected = RejectAsync;
        });
        return builder;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        var caller = Caller.Of(context);
        var key = caller.IsAdmin ? "admin:" + caller.Subject : "tenant:" + TenantsOf(caller);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.Burst,
            TokensPerPeriod = limits.PerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var tenants = TenantsOf(Caller.Of(context));
        context.RequestServices.GetRequiredService<RateLimitTelemetry>().Rejected(tenants.Length == 0 ? "(none)" : tenants);

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"The caller's tenant has used its requests for now (RateLimits); retry after {seconds} s.",
            },
        }).ConfigureAwait(false);
    }

    private static string TenantsOf(Caller caller) => string.Join(',', caller.Tenants.Order(StringComparer.Ordinal));
}
