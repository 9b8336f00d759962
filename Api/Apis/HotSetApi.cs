using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary><c>GET /hotset</c> and <c>POST /hotset/refresh</c>: what the Redis hot tier holds, and refreshing it from the ask counts.</summary>
public static class HotSetApi
{
    /// <summary>How many of the most-asked documents <c>GET /hotset</c> lists.</summary>
    public const int TopEntries = 20;

    public static IEndpointRouteBuilder MapHotSetApi(this IEndpointRouteBuilder app)
    {
        var hotSet = app.MapGroup("/hotset").WithTags("Vectors");
        hotSet.MapGet("", DescribeAsync).WithName("DescribeHotSet")
            .WithSummary("The hot tier's size and configured size, the running or last refresh, and the most-asked documents");
        hotSet.MapPost("/refresh", RefreshAsync).WithName("RefreshHotSet")
            .WithSummary("Loads the most-asked documents (the newest when there are not enough asks) into a new hot index, in the background");
        return app;
    }

    public static async Task<Ok<HotSetResponse>> DescribeAsync(
        EmbeddingSpaces spaces, RedisAskCounter asks, IOptions<HotSetOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(asks);
        ArgumentNullException.ThrowIfNull(options);
        var space = spaces.Live;
        var index = space.Hot;
        var top = await asks.TopAsync(tenant: null, TopEntries, cancellationToken);
        return TypedResults.Ok(new HotSetResponse(
            index.Schema.Name,
            index.Engine.ToString(),
            await index.CountAsync(cancellationToken),
            options.Value.Size,
            options.Value.TenantSizes,
            await space.HotSet.ReadStatusAsync(cancellationToken),
            [.. top.Select(entry => new AskedDocument(entry.Id, (long)entry.Asks))]));
    }

    public static async Task<Results<Accepted<HotSetRefreshStatus>, ProblemHttpResult>> RefreshAsync(
        HotSetRefresher refresher, BackgroundRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refresher);
        ArgumentNullException.ThrowIfNull(runs);
        var before = await refresher.ReadStatusAsync(cancellationToken);
        try
        {
            if (before?.State == VectorRebuildState.Running)
            {
                throw new HotSetRefreshConflictException();
            }

            await runs.StartAsync(
                "Hot-set refresh",
                refresher.RefreshAsync,
                async token => await refresher.ReadStatusAsync(token) is { State: VectorRebuildState.Running } now && now.StartedAt != before?.StartedAt,
                cancellationToken);
        }
        catch (Exception exception) when (exception is HotSetRefreshConflictException or VectorRebuildConflictException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A refresh is already running", detail: exception.Message);
        }

        return TypedResults.Accepted("/hotset", await refresher.ReadStatusAsync(cancellationToken));
    }
}

/// <param name="Index">The hot tier's index.</param>
/// <param name="Engine">Its engine.</param>
/// <param name="Documents">How many documents it holds now.</param>
/// <param name="Size">How many a refresh loads (<c>HotSet:Size</c>).</param>
/// <param name="TenantSizes">Per-tenant caps within it (<c>HotSet:TenantSizes</c>).</param>
/// <param name="Refresh">The running or last refresh; null when there has been none.</param>
/// <param name="MostAsked">The most-asked documents, most asked first.</param>
public sealed record HotSetResponse(
    string Index,
    string Engine,
    long Documents,
    int Size,
    IReadOnlyDictionary<string, int> TenantSizes,
    HotSetRefreshStatus? Refresh,
    IReadOnlyList<AskedDocument> MostAsked);

/// <param name="Id">The document's id.</param>
/// <param name="Asks">How many answers it has been part of.</param>
public sealed record AskedDocument(string Id, long Asks);
