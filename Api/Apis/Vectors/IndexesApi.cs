using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Identity;
using RedisAspire.Contracts;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Vectors;

/// <summary><c>GET /indexes/{name}</c> and <c>POST /indexes/{name}/rebuild</c>: the hot tier's index, its figures and its rebuilds.</summary>
public static class IndexesApi
{
    public static IEndpointRouteBuilder MapIndexesApi(this IEndpointRouteBuilder app)
    {
        var index = app.MapGroup("/indexes/{name}").WithTags("Hot tier").UsesRedisAs(RedisDependency.HotTier).ForAdmins();
        index.MapGet("", DescribeAsync).WithName("DescribeIndex")
            .WithSummary("The index's engine, documents, memory, indexing state and running or last rebuild")
            .ProducesProblem(StatusCodes.Status404NotFound);
        index.MapPost("/rebuild", RebuildAsync).WithName("RebuildIndex")
            .WithSummary("Rebuilds the index from its own documents under the current settings, in the background, and swaps it in atomically")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Ok<IndexResponse>, ProblemHttpResult>> DescribeAsync(
        string name, [AsParameters] VectorServices services, CancellationToken cancellationToken)
    {
        var index = services.Spaces.Live.Hot;
        if (Unknown(name, index, services) is { } unknown)
        {
            return unknown;
        }

        return TypedResults.Ok((await index.DescribeAsync(cancellationToken)).ToContract(index.Schema));
    }

    public static async Task<Results<Accepted<IndexResponse>, ProblemHttpResult>> RebuildAsync(
        string name, [AsParameters] VectorServices services, CancellationToken cancellationToken)
    {
        var space = services.Spaces.Live;
        var (index, results) = (space.Hot, space.SearchResultCache);
        if (Unknown(name, index, services) is { } unknown)
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

            await services.Runs.StartAsync(
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
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: "A rebuild is already running");
        }

        return TypedResults.Accepted($"/indexes/{services.Index.Value.IndexName}", (await index.DescribeAsync(cancellationToken)).ToContract(index.Schema));
    }

    // The configured name always means the live embedding version's index, whatever that version's own name.
    private static ProblemHttpResult? Unknown(string name, IVectorIndex index, VectorServices services) =>
        string.Equals(name, index.Schema.Name, StringComparison.Ordinal) || string.Equals(name, services.Index.Value.IndexName, StringComparison.Ordinal)
            ? null
            : TypedResults.Problem(
                $"There is no index '{name}'; the hot tier's index is '{services.Index.Value.IndexName}' (the live embedding version's is '{index.Schema.Name}').",
                statusCode: StatusCodes.Status404NotFound,
                title: "No such index");
}
