using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Caching.Eviction;
using StackExchange.Redis;

namespace RedisAspire.Api.Apis;

/// <summary>
/// <c>GET /cache/eviction</c>: the cache Redis's memory limit, eviction policy and keyspace, with advice.
/// <c>PUT /cache/eviction</c>: a new policy (and maxmemory) on a local Redis, where configuration allows it.
/// </summary>
public static class CacheEvictionApi
{
    public static IEndpointRouteBuilder MapCacheEvictionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cache/eviction", GetEvictionAsync)
            .WithName("GetCacheEviction")
            .WithSummary("Memory limit, eviction policy, keyspace and eviction advice for the cache Redis")
            .WithTags("Cache");

        app.MapPut("/cache/eviction", ChangeEvictionAsync)
            .WithName("ChangeCacheEviction")
            .WithSummary("Sets the eviction policy and optionally maxmemory of a local cache Redis")
            .WithTags("Cache");

        return app;
    }

    public static async Task<Results<Ok<CacheEvictionResponse>, ProblemHttpResult>> GetEvictionAsync(
        IConnectionMultiplexer redis, IOptions<CacheEvictionOptions> options, CancellationToken cancellationToken)
    {
        try
        {
            var report = await RedisMemoryReport.ReadAsync(redis, cancellationToken);
            return TypedResults.Ok(CacheEvictionResponse.From(report, options.Value));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or FormatException)
        {
            return RedisFailed(exception);
        }
    }

    public static async Task<Results<Ok<CacheEvictionResponse>, ValidationProblem, ProblemHttpResult>> ChangeEvictionAsync(
        EvictionPolicyChange change,
        EvictionPolicyChanger changer,
        IOptions<CacheEvictionOptions> options,
        CancellationToken cancellationToken)
    {
        var errors = change.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The eviction change is not valid");
        }

        if (!changer.PolicyChangesAllowed)
        {
            return TypedResults.Problem(
                title: "The eviction policy cannot be changed by this application",
                detail: EvictionPolicyChangeNotAllowedException.Explanation,
                statusCode: StatusCodes.Status409Conflict);
        }

        try
        {
            var report = await changer.ChangeAsync(change, cancellationToken);
            return TypedResults.Ok(CacheEvictionResponse.From(report, options.Value));
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or FormatException)
        {
            return RedisFailed(exception);
        }
    }

    /// <summary>A refused command (for example CONFIG SET without permission) or an unreadable INFO reply is 502; no answer is 503.</summary>
    private static ProblemHttpResult RedisFailed(Exception exception) => exception switch
    {
        RedisServerException => Problem("Redis refused the request", exception, StatusCodes.Status502BadGateway),
        FormatException => Problem("Redis's INFO reply could not be read", exception, StatusCodes.Status502BadGateway),
        _ => Problem("Redis did not answer", exception, StatusCodes.Status503ServiceUnavailable),
    };

    private static ProblemHttpResult Problem(string title, Exception exception, int statusCode) =>
        TypedResults.Problem(title: title, detail: exception.Message, statusCode: statusCode);
}
