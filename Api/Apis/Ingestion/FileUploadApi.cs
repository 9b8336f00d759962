using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Limits;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>
/// <c>POST /ingest/files</c>: uploaded <c>.md</c>, <c>.txt</c>, <c>.html</c>/<c>.htm</c> and <c>.jsonl</c> files, read
/// as a folder import reads them, queued as one operation for the caller's tenant, whose progress
/// <c>GET /operations/{id}</c> reads. Every file is read before anything is queued: one refused file or line refuses the
/// upload.
/// </summary>
public static class FileUploadApi
{
    /// <summary>The most files one upload may hold.</summary>
    public const int MaxFiles = 100;

    public static IEndpointRouteBuilder MapFileUploadApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ingest/files", UploadAsync).WithTags("Ingestion").WithName("IngestFiles")
            .WithSummary("Queues uploaded .md, .txt, .html and .jsonl files (multipart/form-data) as one operation for the caller's tenant")
            .UsesRedisAs(RedisDependency.IngestionQueue)
            .AcceptsDocuments()
            // Form binding asks for an antiforgery token by default, which protects cookie-authenticated browser forms
            // from cross-site posts. Callers here send a bearer token in a header, which no other site can make a
            // browser send, and the Api keeps no cookie session, so there is nothing for a token to protect.
            .DisableAntiforgery()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// 202 with the operation (Location: <c>/operations/{id}</c>); 400 naming the form field, or the file (and line:
    /// <c>menu.jsonl:3</c>) that was refused; 403 for a tenant the caller may not use; 503 on a full queue.
    /// </summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        IFormFileCollection files,
        [FromForm] string? tenant,
        [FromForm] string? language,
        Caller caller,
        IngestionQueue queue,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var choice = caller.ChooseTenant(tenant, "tenant");
        if (choice.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        errors.Add(choice.Tenant is null ? null : SourceDocument.CheckTenant(choice.Tenant));
        if (choice.Error is { } noTenant)
        {
            errors.Add("tenant", noTenant);
        }

        if (language is not null)
        {
            errors.Require(!string.IsNullOrWhiteSpace(language), "language", "language must be absent or not blank.");
            if (PlainText.Error(language) is { } notText)
            {
                errors.Add("language", "language " + notText);
            }
        }

        errors.Require(files.Count > 0, "files", $"Give at least one file ({string.Join(", ", SourceFileReader.Extensions)}) as multipart/form-data.");
        errors.Require(files.Count <= MaxFiles, "files", $"An upload holds at most {MaxFiles} files; this one holds {files.Count}.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var upload = await UploadedFiles.ReadAsync(
            files, new FolderImportDefaults(choice.Tenant!, language), caller, time.GetUtcNow(), errors, cancellationToken);
        if (upload.Forbidden is { } foreign)
        {
            return foreign;
        }

        if (errors.Any)
        {
            return errors.ToProblem("The upload is not valid: nothing was queued");
        }

        var messages = upload.Documents.Select(document => IngestionMessage.Upsert(document.Document)).ToList();
        return await QueuedOperation.EnqueueAsync(
            () => queue.EnqueueBatchAsync(messages, cancellationToken), messages.Count, field => UploadedFiles.Where(field, upload.Documents));
    }
}
