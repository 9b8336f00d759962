using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Validation;
using RedisAspire.Api.Identity;
using RedisAspire.Contracts;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Api.Apis.Reembedding;

/// <summary>
/// <c>POST /reembed</c> asks the Worker to embed every document again with another model, into a new version that goes
/// live when complete; <c>GET /reembed</c> shows the live version, the one being built and its progress.
/// </summary>
public static class ReembedApi
{
    public static IEndpointRouteBuilder MapReembedApi(this IEndpointRouteBuilder app)
    {
        var reembed = app.MapGroup("/reembed").WithTags("Re-embedding").ForAdmins();
        reembed.MapPost("", StartAsync).WithName("Reembed")
            .WithSummary("Embeds every document again with a model (the configured one by default) into a new version, in the Worker; queries use the live version until it is complete")
            .ProducesProblem(StatusCodes.Status409Conflict);
        reembed.MapGet("", DescribeAsync).WithName("DescribeReembed")
            .WithSummary("The live embedding version, the one being built with its progress, and the earlier ones");
        return app;
    }

    public static async Task<Results<Accepted<ReembedResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        ReembedRequest? request, [AsParameters] ReembedServices services, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (request.ToModel(services.Generators.Configured, errors) is not { } target)
        {
            return errors.ToProblem();
        }

        try
        {
            await services.Runner.RequestAsync(target, request?.Force ?? false, cancellationToken);
        }
        catch (ArgumentException refused)
        {
            // Only building the model's generator tells whether this configuration can make it.
            return RequestErrors.Problem(refused, refused.ParamName ?? "model");
        }
        catch (ReembedConflictException exception)
        {
            return Conflict("A re-embedding is already running", exception.Message);
        }
        catch (Core.Reembedding.ReembedNotNeededException exception)
        {
            return Conflict("The live version already uses this model", exception.Message);
        }

        return TypedResults.Accepted("/reembed", (await services.Versions.ReadAllAsync(cancellationToken)).ToContract());
    }

    public static async Task<Ok<ReembedResponse>> DescribeAsync([AsParameters] ReembedServices services, CancellationToken cancellationToken) =>
        TypedResults.Ok((await services.Versions.ReadAllAsync(cancellationToken)).ToContract());

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: title);
}
