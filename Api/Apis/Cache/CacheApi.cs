using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Caching.Eviction;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using StackExchange.Redis;

namespace RedisAspire.Api.Apis.Cache;

/// <summary>The cache: its entries and tags, its counters, cached embeddings, Redis's eviction, and the stampede lab.</summary>
public static class CacheApi
{
    public static IEndpointRouteBuilder MapCacheApi(this IEndpointRouteBuilder app)
    {
        var cache = app.MapGroup("/cache").WithTags("Cache").UsesRedisAs(RedisDependency.ResultCache);

        cache.MapGet("/entries/{key}", GetEntryAsync).WithName("GetCacheEntry").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("What Redis holds for a cache key: strategy, time left, tags and a preview (the read does not slide it), and whether this replica holds a copy in process")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cache.MapDelete("/entries/{key}", InvalidateEntryAsync).WithName("InvalidateCacheEntry").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Deletes a cache key from Redis and from every replica's in-process copy")
            .ProducesProblem(StatusCodes.Status404NotFound);
        cache.MapDelete("/tags/{tag}", InvalidateTagAsync).WithName("InvalidateCacheTag").ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("Deletes every entry stored with a tag, in Redis and in every replica");
        cache.MapGet("/stats", GetStatisticsAsync).WithName("GetCacheStatistics").ForAdmins()
            .WithSummary("What this replica's cache has done since it started, and every live replica's last reported counters");
        cache.MapPost("/embeddings", EmbedAsync).WithName("EmbedText")
            .WithSummary("Embeds a text through the cache: a hit reads the vector from Redis, a miss runs the model and stores it");
        cache.MapGet("/eviction", GetEvictionAsync).WithName("GetCacheEviction").ForAdmins()
            .WithSummary("Memory limit, eviction policy, keyspace and eviction advice for the cache Redis");
        cache.MapPut("/eviction", ChangeEvictionAsync).WithName("ChangeCacheEviction").ForAdmins()
            .WithSummary("Sets the eviction policy and optionally maxmemory of a local cache Redis")
            .ProducesProblem(StatusCodes.Status409Conflict);
        cache.MapPost("/stampede-lab", RunStampedeLabAsync).WithName("RunStampedeLab").ForAdmins()
            .WithSummary("Fires concurrent requests for one missing key under a protection and reports factory runs and latencies");

        return app;
    }

    public static async Task<Results<Ok<CacheEntryResponse>, ProblemHttpResult, ValidationProblem>> GetEntryAsync(
        string key, Caller caller, [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        if (CacheKeys.CheckKey(key) is { } invalid)
        {
            return RequestErrors.Problem(invalid);
        }

        if (!caller.MayUseCacheName(key))
        {
            return caller.ForbiddenCacheName(key, "key");
        }

        return await services.Cache.GetEntryInfoAsync(key, cancellationToken) is { } entry
            ? TypedResults.Ok(entry.ToContract(services.Replica.InProcessCopyOf(key), services.Replicas.Identity.Id))
            : NoSuchKey(key);
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> InvalidateEntryAsync(
        string key, Caller caller, [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        if (CacheKeys.CheckKey(key) is { } invalid)
        {
            return RequestErrors.Problem(invalid);
        }

        if (!caller.MayUseCacheName(key))
        {
            return caller.ForbiddenCacheName(key, "key");
        }

        return await services.Cache.InvalidateAsync(key, cancellationToken)
            ? TypedResults.NoContent()
            : NoSuchKey(key);
    }

    public static async Task<Results<Ok<TagInvalidation>, ValidationProblem, ProblemHttpResult>> InvalidateTagAsync(
        string tag, Caller caller, [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        if (CacheKeys.CheckTag(tag) is { } invalid)
        {
            return RequestErrors.Problem(invalid);
        }

        if (!caller.MayUseCacheName(tag))
        {
            return caller.ForbiddenCacheName(tag, "tag");
        }

        return TypedResults.Ok(new TagInvalidation(tag, await services.Cache.InvalidateTagAsync(tag, cancellationToken)));
    }

    public static async Task<Ok<CacheStatisticsResponse>> GetStatisticsAsync(
        [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        var current = services.Replicas.Current();
        IReadOnlyList<CacheReplicaReport> replicas;
        try
        {
            replicas = await services.Replicas.ReadAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // This replica's own counters need no Redis, and they matter most while Redis is failing (its RedisErrors
            // and CircuitOpenings say so): the answer lists this replica alone rather than failing.
            replicas = [current];
        }

        return TypedResults.Ok(new CacheStatisticsResponse(
            current.Counters.ToContract(), current.L1Entries, current.Id, [.. replicas.Select(CacheContracts.ToContract)]));
    }

    public static async Task<Results<Ok<EmbeddingResponse>, ValidationProblem, ProblemHttpResult>> EmbedAsync(
        EmbeddingRequest request, Caller caller, [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (TextCheck.Error(request.Text, "text", EmbeddingRequest.MaxTextLength) is { } invalid)
        {
            errors.Add("text", invalid);
        }

        // Embedded for the caller's tenant, in its entries: whether a text was embedded before is that tenant's to know.
        var tenant = caller.ChooseTenant(request.Tenant, "tenant", allTenants: true);
        if (tenant.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        errors.Add(tenant.Tenant is null ? null : SourceDocument.CheckTenant(tenant.Tenant));
        if (tenant.Error is { } noTenant)
        {
            errors.Add("tenant", noTenant);
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var started = Stopwatch.GetTimestamp();
        var embedding = await services.Embeddings.GenerateAsync(request.Text!, EmbeddingCacheProperties.ForTenant(tenant.Tenant), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);

        return TypedResults.Ok(new EmbeddingResponse(
            embedding.GetCacheKey(),
            ContractEnum.ToNullable<Contracts.CacheOutcome>(embedding.GetCacheOutcome()),
            embedding.ModelId ?? services.Embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId,
            embedding.Vector.Length,
            elapsed.TotalMilliseconds,
            request.IncludeVector ? embedding.Vector.ToArray() : null));
    }

    public static async Task<Ok<CacheEvictionResponse>> GetEvictionAsync([AsParameters] CacheServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok((await RedisMemoryReport.ReadAsync(services.Redis, cancellationToken)).ToContract(services.Eviction.Value));

    public static async Task<Results<Ok<CacheEvictionResponse>, ValidationProblem, ProblemHttpResult>> ChangeEvictionAsync(
        EvictionChangeRequest request, [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        var change = new EvictionPolicyChange(request.Policy, request.MaxMemoryBytes);
        var errors = new RequestErrors();
        errors.AddRange(change.Errors());
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!services.PolicyChanger.PolicyChangesAllowed)
        {
            return TypedResults.Problem(
                EvictionPolicyChangeNotAllowedException.Explanation,
                statusCode: StatusCodes.Status409Conflict,
                title: "The eviction policy cannot be changed by this application");
        }

        return TypedResults.Ok((await services.PolicyChanger.ChangeAsync(change, cancellationToken)).ToContract(services.Eviction.Value));
    }

    public static async Task<Results<Ok<StampedeLabResponse>, ValidationProblem>> RunStampedeLabAsync(
        StampedeLabRequest request, [AsParameters] CacheServices services, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (request.ToRun(errors) is not { } run)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok((await services.StampedeLab.RunAsync(run, cancellationToken)).ToContract());
    }

    private static ProblemHttpResult NoSuchKey(string key) => TypedResults.Problem(
        $"Redis holds no cache entry for the key '{key}'.", statusCode: StatusCodes.Status404NotFound, title: "No such cache entry");
}
