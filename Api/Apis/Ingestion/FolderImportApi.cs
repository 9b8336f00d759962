using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Api.Identity;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>
/// <c>POST /ingest/folder</c>: queues the documents of a folder on the server, under <c>Ingestion:FolderImport:Root</c>,
/// as operations of at most <c>Ingestion:Queue:MaxBatchDocuments</c> documents, whose progress <c>GET /operations/{id}</c> reads.
/// </summary>
public static class FolderImportApi
{
    public static IEndpointRouteBuilder MapFolderImportApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ingest/folder", ImportAsync).WithTags("Ingestion").WithName("IngestFolder").ForAdmins()
            .WithSummary("Queues the .md, .txt, .html and .jsonl files of a folder under the import root, in batches of one operation each")
            .UsesRedisAs(RedisDependency.IngestionQueue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// 202 with the operations (Location: the first) when documents were queued, 200 when the folder held none; 400
    /// naming the field, 403 when folder import is disabled (no Root), 404 for a missing folder, 503 on a full queue.
    /// </summary>
    public static async Task<Results<Accepted<FolderImportResponse>, Ok<FolderImportResponse>, ValidationProblem, ProblemHttpResult>> ImportAsync(
        FolderImportRequest request, FolderImport import, CancellationToken cancellationToken)
    {
        if (!import.IsEnabled)
        {
            // Forbidden rather than a bad request: no body would do until an operator sets the root.
            return TypedResults.Problem(
                $"Folder import is disabled: set {FolderImportOptions.SectionName}:Root to the folder under which imports are allowed.",
                statusCode: StatusCodes.Status403Forbidden, title: "Folder import is disabled");
        }

        var errors = new RequestErrors();
        errors.Require(!string.IsNullOrWhiteSpace(request.Path), "path", "path is required: a folder under the import root, absolute or relative to it.");
        errors.Require(!string.IsNullOrWhiteSpace(request.Tenant), "tenant", "tenant is required: the tenant of documents that do not name one.");
        if (!string.IsNullOrWhiteSpace(request.Tenant))
        {
            errors.Add(SourceDocument.CheckTenant(request.Tenant));
        }

        errors.Require(request.Language is null || !string.IsNullOrWhiteSpace(request.Language), "language", "language must be absent or not blank.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        try
        {
            var result = (await import.ImportAsync(request.Path!, new FolderImportDefaults(request.Tenant!, request.Language), cancellationToken)).ToContract();
            return result.Operations.Count > 0
                ? TypedResults.Accepted(QueuedOperation.Location(result.Operations[0]), result)
                : TypedResults.Ok(result);
        }
        catch (DirectoryNotFoundException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status404NotFound, title: "The folder does not exist");
        }
        catch (IngestionQueueFullException exception)
        {
            return QueuedOperation.QueueFull(exception);
        }
        catch (ArgumentException refused)
        {
            // Only the import can tell a path outside the root, through whatever links it goes.
            return RequestErrors.Problem(refused, "path");
        }
    }
}
