using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>
/// <c>POST /search</c>: the nearest documents to a text or a vector, filtered, from the Redis hot tier when it is
/// confident and from PostgreSQL otherwise (or from the tier the caller forces).
/// </summary>
public static class VectorSearchApi
{
    /// <summary>The largest K a caller may ask for.</summary>
    public const int MaxK = 100;

    public static IEndpointRouteBuilder MapVectorSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/search", SearchAsync)
            .WithTags("Vectors")
            .WithName("Search")
            .WithSummary("Finds the K nearest documents to a text (embedded through the cache) or a vector, with tenant, language and date filters");

        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem>> SearchAsync(
        SearchRequest request, EmbeddingSpaces spaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(spaces);
        var index = spaces.Live.Hot;
        var errors = new Dictionary<string, string[]>();
        if (request.K is < 1 or > MaxK)
        {
            errors["k"] = [$"k must be between 1 and {MaxK}; it is {request.K}."];
        }

        var tier = RetrievalTier.Auto;
        if (request.Tier is not null && (!Enum.TryParse(request.Tier, ignoreCase: true, out tier) || !Enum.IsDefined(tier)))
        {
            errors["tier"] = [$"tier '{request.Tier}' is unknown; use auto, hot or cold."];
        }
        else if (request.Radius is not null && tier == RetrievalTier.Cold)
        {
            errors["radius"] = ["Range queries (radius) are answered by the hot tier only; leave tier out or set it to hot."];
        }

        var filter = VectorRequests.ReadFilter(request.Filters, index.Schema, errors);
        VectorRequests.CheckDimension(request.Vector, index.Schema, errors);

        if (request.Text is not null && request.Vector is not null)
        {
            errors["text"] = ["Give text or vector, not both."];
        }

        // Bad input is reported before the model runs.
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            // One embedding version from the text's embedding to the last hit, run again on the new one if it is
            // switched away meanwhile.
            return await spaces.RunAsync(
                async (space, token) =>
                {
                    var query = await VectorRequests.VectorOfAsync(request.Text, request.Vector, space.Embeddings, errors, token);
                    if (query is not (var vector, var outcome, var embedding))
                    {
                        return (Results<Ok<SearchResponse>, ValidationProblem>)TypedResults.ValidationProblem(errors);
                    }

                    var (answer, cached) = request.Radius is { } radius
                        ? (await RangeAsync(space.Hot, new VectorRangeQuery { Vector = vector, Radius = radius, Limit = request.K, Filter = filter }, token), null)
                        : await space.SearchResultCache.RetrieveAsync(
                            new RetrievalQuery(new KnnQuery { Vector = vector, K = request.K, Filter = filter, EfRuntime = request.EfRuntime }, tier), token);

                    return TypedResults.Ok(new SearchResponse(
                        answer.Tier.ToString(),
                        answer.Tier == RetrievalTier.Hot ? space.Hot.Engine.ToString() : ColdEngine,
                        space.Hot.Schema.Name,
                        answer.MissReason?.ToString(),
                        [.. answer.Hits.Select(SearchHit.From)],
                        new SearchTimings(embedding.TotalMilliseconds, answer.HotElapsed?.TotalMilliseconds, answer.ColdElapsed?.TotalMilliseconds),
                        outcome,
                        cached,
                        space.Version.Model.Name,
                        space.Version.Number));
                },
                cancellationToken);
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }

    /// <summary>The engine name reported for answers from the cold tier.</summary>
    public const string ColdEngine = "PostgreSQL";

    private static async Task<RetrievalResult> RangeAsync(IVectorIndex index, VectorRangeQuery query, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await index.SearchRangeAsync(query, cancellationToken);
        return new RetrievalResult(RetrievalTier.Hot, result.Hits, null, Stopwatch.GetElapsedTime(started), null);
    }
}
