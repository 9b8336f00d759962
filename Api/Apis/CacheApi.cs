using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RedisAspire.Core.Caching;
using StackExchange.Redis;

namespace RedisAspire.Api.Apis;

/// <summary>The cache's entries, tags, statistics and stampede lab.</summary>
public static class CacheApi
{
    public static IEndpointRouteBuilder MapCacheApi(this IEndpointRouteBuilder app)
    {
        var cache = app.MapGroup("/cache").WithTags("Cache");

        cache.MapGet("/entries/{key}", GetEntryAsync)
            .WithName("GetCacheEntry")
            .WithSummary("What Redis holds for a cache key: strategy, time left, tags and a preview (the read does not slide it)");
        cache.MapDelete("/entries/{key}", InvalidateEntryAsync)
            .WithName("InvalidateCacheEntry")
            .WithSummary("Deletes a cache key from Redis and from every replica's in-process copy");
        cache.MapDelete("/tags/{tag}", InvalidateTagAsync)
            .WithName("InvalidateCacheTag")
            .WithSummary("Deletes every entry stored with a tag, in Redis and in every replica");
        cache.MapGet("/stats", GetStatistics)
            .WithName("GetCacheStatistics")
            .WithSummary("What this replica's cache has done since it started");
        cache.MapPost("/stampede-lab", RunStampedeLabAsync)
            .WithName("RunStampedeLab")
            .WithSummary("Fires concurrent requests for one missing key under a protection and reports factory runs and latencies");

        return app;
    }

    public static async Task<Results<Ok<CacheEntryInfo>, NotFound<ProblemDetails>, ValidationProblem>> GetEntryAsync(
        string key, IResultCache cache, CancellationToken cancellationToken)
    {
        if (CacheRequestValidation.Key(key) is { } invalid)
        {
            return invalid;
        }

        return await cache.GetEntryInfoAsync(key, cancellationToken) is { } entry
            ? TypedResults.Ok(entry)
            : TypedResults.NotFound(NoSuchKey(key));
    }

    public static async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem>> InvalidateEntryAsync(
        string key, IResultCache cache, CancellationToken cancellationToken)
    {
        if (CacheRequestValidation.Key(key) is { } invalid)
        {
            return invalid;
        }

        return await cache.InvalidateAsync(key, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(NoSuchKey(key));
    }

    public static async Task<Results<Ok<TagInvalidation>, ValidationProblem>> InvalidateTagAsync(
        string tag, IResultCache cache, CancellationToken cancellationToken)
    {
        if (CacheRequestValidation.Tag(tag) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(new TagInvalidation(tag, await cache.InvalidateTagAsync(tag, cancellationToken)));
    }

    public static Ok<CacheStatisticsResponse> GetStatistics(ResultCache cache) =>
        TypedResults.Ok(new CacheStatisticsResponse(cache.Statistics.Snapshot(), cache.L1Count));

    public static async Task<Results<Ok<StampedeLabResult>, ValidationProblem>> RunStampedeLabAsync(
        StampedeLabRequest request, StampedeLab lab, CancellationToken cancellationToken)
    {
        if (CacheRequestValidation.StampedeLab(request) is { } invalid)
        {
            return invalid;
        }

        return TypedResults.Ok(await lab.RunAsync(request.ToRun(), cancellationToken));
    }

    private static ProblemDetails NoSuchKey(string key) => new()
    {
        Title = "No such cache entry",
        Detail = $"Redis holds no cache entry for the key '{key}'.",
        Status = StatusCodes.Status404NotFound,
    };
}

/// <param name="Tag">The tag invalidated.</param>
/// <param name="Deleted">How many entries Redis held with it.</param>
public sealed record TagInvalidation(string Tag, long Deleted);

/// <param name="L1Entries">Values this replica holds in process.</param>
public sealed record CacheStatisticsResponse(CacheStatisticsSnapshot Counters, int L1Entries);
