using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary><c>GET /indexes/{name}</c> and <c>POST /indexes/{name}/rebuild</c>: the hot tier's index, its figures and its rebuilds.</summary>
public static class IndexesApi
{
    public static IEndpointRouteBuilder MapIndexesApi(this IEndpointRouteBuilder app)
    {
        var index = app.MapGroup("/indexes/{name}").WithTags("Vectors");
        index.MapGet("", DescribeAsync).WithName("DescribeIndex")
            .WithSummary("The index's engine, documents, memory, indexing state and running or last rebuild");
        index.MapPost("/rebuild", RebuildAsync).WithName("RebuildIndex")
            .WithSummary("Rebuilds the index from its own documents under the current settings, in the background, and swaps it in atomically");
        return app;
    }

    public static async Task<Results<Ok<VectorIndexStatus>, ProblemHttpResult>> DescribeAsync(
        string name, EmbeddingSpaces spaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        var index = spaces.Live.Hot;
        return Unknown(name, index) ?? (Results<Ok<VectorIndexStatus>, ProblemHttpResult>)TypedResults.Ok(await index.DescribeAsync(cancellationToken));
    }

    public static async Task<Results<Accepted<VectorIndexStatus>, ProblemHttpResult>> RebuildAsync(
        string name, EmbeddingSpaces spaces, BackgroundRuns runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(runs);
        var space = spaces.Live;
        var (index, results) = (space.Hot, space.Results);
        if (Unknown(name, index) is { } unknown)
        {
            return unknown;
        }

        var before = (await index.DescribeAsync(cancellationToken)).Rebuild;
        try
        {
            if (before?.State == VectorRebuildState.Running)
            {
                throw new VectorRebuildConflictException(index.Schema.Name);
            }

            await runs.StartAsync(
                $"Rebuild of index {index.Schema.Name}",
                async stopping =>
                {
                    await index.RebuildAsync(source: null, stopping);
                    await results.InvalidateAllAsync(stopping);
                },
                async token => (await index.DescribeAsync(token)).Rebuild is { State: VectorRebuildState.Running } now && now.StartedAt != before?.StartedAt,
                cancellationToken);
        }
        catch (VectorRebuildConflictException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A rebuild is already running", detail: exception.Message);
        }

        return TypedResults.Accepted($"/indexes/{index.Schema.Name}", await index.DescribeAsync(cancellationToken));
    }

    private static ProblemHttpResult? Unknown(string name, IVectorIndex index) =>
        string.Equals(name, index.Schema.Name, StringComparison.Ordinal)
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such index",
                detail: $"There is no index '{name}'; the hot tier's index is '{index.Schema.Name}'.");
}
