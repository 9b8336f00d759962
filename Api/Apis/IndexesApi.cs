using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
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
        string name, EmbeddingSpaces spaces, IOptions<VectorIndexOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(options);
        var index = spaces.Live.Hot;
        return Unknown(name, index, options.Value) ?? (Results<Ok<VectorIndexStatus>, ProblemHttpResult>)TypedResults.Ok(await index.DescribeAsync(cancellationToken));
    }

    public static async Task<Results<Accepted<VectorIndexStatus>, ProblemHttpResult>> RebuildAsync(
        string name, EmbeddingSpaces spaces, BackgroundRuns runs, IOptions<VectorIndexOptions> options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(options);
        var space = spaces.Live;
        var (index, results) = (space.Hot, space.SearchResultCache);
        if (Unknown(name, index, options.Value) is { } unknown)
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

        return TypedResults.Accepted($"/indexes/{options.Value.IndexName}", await index.DescribeAsync(cancellationToken));
    }

    // The configured name always means the live embedding version's index, whatever that version's own name.
    private static ProblemHttpResult? Unknown(string name, IVectorIndex index, VectorIndexOptions options) =>
        string.Equals(name, index.Schema.Name, StringComparison.Ordinal) || string.Equals(name, options.IndexName, StringComparison.Ordinal)
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such index",
                detail: $"There is no index '{name}'; the hot tier's index is '{options.IndexName}' (the live embedding version's is '{index.Schema.Name}').");
}
