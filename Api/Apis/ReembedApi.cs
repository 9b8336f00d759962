using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Reembedding;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Api.Apis;

/// <summary>
/// <c>POST /reembed</c> asks the Worker to embed every document again with another model, into a new version that goes
/// live when complete; <c>GET /reembed</c> shows the live version, the one being built and its progress.
/// </summary>
public static class ReembedApi
{
    public static IEndpointRouteBuilder MapReembedApi(this IEndpointRouteBuilder app)
    {
        var reembed = app.MapGroup("/reembed").WithTags("Ingestion");
        reembed.MapPost("", StartAsync).WithName("Reembed")
            .WithSummary("Embeds every document again with a model (the configured one by default) into a new version, in the Worker; queries use the live version until it is complete");
        reembed.MapGet("", DescribeAsync).WithName("DescribeReembed")
            .WithSummary("The live embedding version, the one being built with its progress, and the earlier ones");
        return app;
    }

    public static async Task<Results<Accepted<ReembedStatus>, ValidationProblem, ProblemHttpResult>> StartAsync(
        ReembedRequest? request, ReembedRunner runner, EmbeddingGenerators generators, EmbeddingVersionStore versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(generators);
        ArgumentNullException.ThrowIfNull(versions);
        var configured = generators.Configured;
        var provider = configured.Provider;
        if (request?.Provider is { } named && (!Enum.TryParse(named, ignoreCase: true, out provider) || !Enum.IsDefined(provider)))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["provider"] = [$"provider '{named}' is unknown; use Local or AzureOpenAI."],
            });
        }

        if (request?.Model is { } model && string.IsNullOrWhiteSpace(model))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["model"] = ["model must not be empty; leave it out for the configured model."] });
        }

        var target = request?.Model is { } chosen ? new EmbeddingModel(provider, chosen)
            : provider == configured.Provider ? configured
            : null;
        if (target is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["model"] = [$"model is required when provider ({provider}) is not the configured one ({configured.Provider})."],
            });
        }

        try
        {
            await runner.RequestAsync(target, request?.Force ?? false, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [exception.ParamName ?? "model"] = [exception.Message] });
        }
        catch (ReembedConflictException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A re-embedding is already running", detail: exception.Message);
        }
        catch (ReembedNotNeededException exception)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The live version already uses this model", detail: exception.Message);
        }

        return TypedResults.Accepted("/reembed", ReembedStatus.From(await versions.ReadAllAsync(cancellationToken)));
    }

    public static async Task<Ok<ReembedStatus>> DescribeAsync(EmbeddingVersionStore versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return TypedResults.Ok(ReembedStatus.From(await versions.ReadAllAsync(cancellationToken)));
    }
}

/// <summary>The embedding versions: the live one, the one being built (null when none is), and all of them, oldest first.</summary>
public sealed record ReembedStatus(EmbeddingVersionView? Live, EmbeddingVersionView? Building, IReadOnlyList<EmbeddingVersionView> Versions)
{
    public static ReembedStatus From(IReadOnlyList<EmbeddingVersion> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        List<EmbeddingVersionView> views = [.. versions.Select(EmbeddingVersionView.From)];
        return new(
            views.SingleOrDefault(view => view.State == EmbeddingVersionState.Live),
            views.SingleOrDefault(view => view.State == EmbeddingVersionState.Building),
            views);
    }
}

/// <summary>One embedding version as the Api shows it.</summary>
/// <param name="RowsTotal">Rows of the live version the build found to embed; null before it counted.</param>
/// <param name="RowsDone">Rows embedded and written so far.</param>
/// <param name="Error">Why the build failed, when it did.</param>
public sealed record EmbeddingVersionView(
    int Version,
    EmbeddingProvider Provider,
    string Model,
    int Dimensions,
    string Table,
    EmbeddingVersionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SwitchedAt,
    DateTimeOffset? RetiredAt,
    long? RowsTotal,
    long RowsDone,
    string? Error)
{
    public static EmbeddingVersionView From(EmbeddingVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return new(
            version.Number, version.Model.Provider, version.Model.Name, version.Dimensions, version.Table, version.State,
            version.CreatedAt, version.SwitchedAt, version.RetiredAt, version.RowsTotal, version.RowsDone, version.Error);
    }
}
