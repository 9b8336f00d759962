using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary><c>POST /search</c>: the nearest documents to a text or a vector in the hot tier, filtered.</summary>
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
        SearchRequest request, VectorHotTier hotTier, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(hotTier);
        var index = hotTier.Index;
        var errors = new Dictionary<string, string[]>();
        if (request.K is < 1 or > MaxK)
        {
            errors["k"] = [$"k must be between 1 and {MaxK}; it is {request.K}."];
        }

        var filter = VectorRequests.ReadFilter(request.Filters, index.Schema, errors);
        if (request.Vector is { } given && given.Length != index.Schema.Dimension)
        {
            errors["vector"] = [$"The vector has {given.Length} dimensions; index '{index.Schema.Name}' expects {index.Schema.Dimension}."];
        }

        // Bad input is reported before the model runs.
        if (errors.Count > 0 || (request.Text is not null && request.Vector is not null))
        {
            if (request.Text is not null && request.Vector is not null)
            {
                errors["text"] = ["Give text or vector, not both."];
            }

            return TypedResults.ValidationProblem(errors);
        }

        var query = await VectorRequests.VectorOfAsync(request.Text, request.Vector, generator, errors, cancellationToken);
        if (query is not (var vector, var outcome, var embedding))
        {
            return TypedResults.ValidationProblem(errors);
        }

        try
        {
            var started = Stopwatch.GetTimestamp();
            var result = request.Radius is { } radius
                ? await index.SearchRangeAsync(new VectorRangeQuery { Vector = vector, Radius = radius, Limit = request.K, Filter = filter }, cancellationToken)
                : await index.SearchAsync(new KnnQuery { Vector = vector, K = request.K, Filter = filter, EfRuntime = request.EfRuntime }, cancellationToken);
            var searched = Stopwatch.GetElapsedTime(started);

            return TypedResults.Ok(new SearchResponse(
                index.Engine.ToString(),
                index.Schema.Name,
                [.. result.Hits.Select(SearchHit.From)],
                new SearchTimings(embedding.TotalMilliseconds, searched.TotalMilliseconds),
                outcome));
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }
}
