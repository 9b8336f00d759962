using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Identity;
using RedisAspire.Contracts;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Vectors;

/// <summary><c>GET /hotset</c> and <c>POST /hotset/refresh</c>: what the Redis hot tier holds, and refreshing it from the ask counts.</summary>
public static class HotSetApi
{
    /// <summary>How many of the most-asked documents <c>GET /hotset</c> lists.</summary>
    public const int TopEntries = 20;

    public static IEndpointRouteBuilder MapHotSetApi(this IEndpointRouteBuilder app)
    {
        var hotSet = app.MapGroup("/hotset").WithTags("Hot tier").UsesRedisAs(RedisDependency.HotTier).ForAdmins();
        hotSet.MapGet("", DescribeAsync).WithName("DescribeHotSet")
            .WithSummary("The hot tier's size, configured size, policy and per-tenant share, the running or last refresh, and the most-asked documents");
        hotSet.MapPost("/refresh", RefreshAsync).WithName("RefreshHotSet")
            .WithSummary("Loads the documents HotSet:Policy chooses (by default the most asked, the newest when there are not enough asks) into a new hot index, in the background")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<HotSetResponse>> DescribeAsync([AsParameters] VectorServices services, CancellationToken cancellationToken)
    {
        var space = services.Spaces.Live;
        var top = await services.Asks.TopAsync(tenant: null, TopEntries, cancellationToken);
        var settings = services.HotSet.Value;
        return TypedResults.Ok(new HotSetResponse(
            space.Hot.Schema.Name,
            space.Hot.Engine,
            await space.Hot.CountAsync(cancellationToken),
            settings.Size,
            settings.TenantSizes,
            settings.TenantShare,
            (await space.HotSet.ReadStatusAsync(cancellationToken)).ToContract(),
            [.. top.Select(entry => new AskedDocument(entry.Id, (long)entry.Asks))],
            settings.ParsePolicy().ToString(),
            settings.NewestShare));
    }

    public static async Task<Results<Accepted<HotSetRefresh>, ProblemHttpResult>> RefreshAsync(
        [AsParameters] VectorServices services, CancellationToken cancellationToken)
    {
        var refresher = services.Spaces.Live.HotSet;
        var before = await refresher.ReadStatusAsync(cancellationToken);
        try
        {
            if (before?.State == VectorRebuildState.Running)
            {
                throw new HotSetRefreshConflictException();
            }

            await services.Runs.StartAsync(
                "Hot-set refresh",
                refresher.RefreshAsync,
                async token => await refresher.ReadStatusAsync(token) is { State: VectorRebuildState.Running } now && now.StartedAt != before?.StartedAt,
                cancellationToken);
        }
        catch (Exception exception) when (exception is HotSetRefreshConflictException or VectorRebuildConflictException)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: "A refresh is already running");
        }

        return TypedResults.Accepted("/hotset", (await refresher.ReadStatusAsync(cancellationToken)).ToContract());
    }
}
