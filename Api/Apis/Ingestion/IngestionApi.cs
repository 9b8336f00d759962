using Microsoft.AspNetCore.Http.HttpResults;
using RedisAspire.Api.Apis.Documents;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Limits;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Ingestion;

/// <summary>
/// Writes through the Worker: <c>POST /ingest/documents</c> queues documents and deletions as one operation, whose
/// progress <c>GET /operations/{id}</c> reads; <c>GET /ingestion</c> shows the queue, and the dead letters can be
/// listed and sent again.
/// </summary>
public static class IngestionApi
{
    /// <summary>The most dead letters one <c>GET /ingestion/dead-letters</c> lists.</summary>
    public const int MaxDeadLetters = 100;

    /// <summary>The most operations one <c>GET /operations</c> lists.</summary>
    public const int MaxOperationsListed = 100;

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        var ingest = app.MapGroup("").WithTags("Ingestion").UsesRedisAs(RedisDependency.IngestionQueue);
        ingest.MapPost("/ingest/documents", EnqueueAsync).WithName("IngestDocuments")
            .WithSummary("Queues documents to write and to remove as one operation: the Worker chunks, embeds and writes both tiers")
            .AcceptsDocuments()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        ingest.MapGet("/operations", ListOperationsAsync).WithName("ListOperations")
            .WithSummary("The newest ingestion operations the caller may see, newest first");
        ingest.MapGet("/operations/{id}", GetOperationAsync).WithName("GetOperation")
            .WithSummary("An ingestion operation's state and counts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        ingest.MapGet("/ingestion", DescribeAsync).WithName("DescribeIngestion").ForAdmins()
            .WithSummary("The queue's length, pending entries, lag and dead letters, and documents per second");
        ingest.MapGet("/ingestion/dead-letters", ReadDeadLettersAsync).WithName("ReadDeadLetters").ForAdmins()
            .WithSummary("Messages that failed for good, with their errors, oldest first");
        ingest.MapPost("/ingestion/dead-letters/redrive", RedriveAllAsync).WithName("RedriveAllDeadLetters").ForAdmins()
            .WithSummary("Puts every dead letter back on the queue (those holding no message stay)")
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        ingest.MapPost("/ingestion/dead-letters/{id}/redrive", RedriveAsync).WithName("RedriveDeadLetter").ForAdmins()
            .WithSummary("Puts one dead letter back on the queue")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> EnqueueAsync(
        IngestRequest request, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var schema = services.Spaces.Live.Hot.Schema;
        var now = services.Time.GetUtcNow();
        var documents = request.Documents ?? [];
        var deletes = request.Deletes ?? [];
        var messages = new List<IngestionMessage>();
        for (var index = 0; index < documents.Count; index++)
        {
            var path = $"documents[{index}]";
            if (documents[index] is not { } document)
            {
                errors.Add(path, "A document must not be null.");
            }
            else
            {
                var tenant = caller.ChooseTenant(document.Tenant, $"{path}.tenant");
                if (tenant.Forbidden is { } forbidden)
                {
                    return forbidden;
                }

                if ((document with { Tenant = tenant.Tenant }).ToSourceDocument(document.Id, schema, now, errors, path) is { } source)
                {
                    messages.Add(IngestionMessage.Upsert(source));
                }
                else if (tenant.Error is { } noTenant)
                {
                    errors.Replace($"{path}.tenant", noTenant);
                }
            }
        }

        for (var index = 0; index < deletes.Count; index++)
        {
            var path = $"deletes[{index}]";
            var delete = deletes[index];
            errors.Add(VectorDocument.CheckId(delete?.Id), path);
            var tenant = caller.ChooseTenant(delete?.Tenant, $"{path}.tenant");
            if (tenant.Forbidden is { } forbidden)
            {
                return forbidden;
            }

            errors.Require(tenant.Error is null, $"{path}.tenant", tenant.Error!);
            errors.Add(tenant.Tenant is null ? null : SourceDocument.CheckTenant(tenant.Tenant), path);
            messages.Add(IngestionMessage.Delete(delete?.Id!, tenant.Tenant!));
        }

        errors.Require(messages.Count > 0 || errors.Any, "documents", "Give at least one document to write or to remove.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // The queue numbers the batch's messages, documents first: its refusals are reported under the request's own paths.
        return await QueuedOperation.EnqueueAsync(
            () => services.Queue.EnqueueBatchAsync(messages, cancellationToken), messages.Count, field => RequestPath(field, documents.Count));
    }

    public static async Task<Results<Ok<OperationResponse>, ProblemHttpResult, ValidationProblem>> GetOperationAsync(
        string id, Caller caller, IngestionQueue queue, CancellationToken cancellationToken)
    {
        if (!IngestionQueue.IsOperationId(id))
        {
            return RequestErrors.Problem("id", "This is not an operation id: they are 32 lowercase hexadecimal digits.");
        }

        // Another tenant's operation is answered as none at all.
        return await queue.GetOperationAsync(id, cancellationToken) is { } operation && caller.MayUseAll(operation.Tenants)
            ? TypedResults.Ok(operation.ToContract())
            : TypedResults.Problem(
                $"There is no operation '{id}': it never existed, or it finished longer ago than operations are kept.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No such operation");
    }

    public static async Task<Results<Ok<OperationResponse[]>, ValidationProblem>> ListOperationsAsync(
        int? count, Caller caller, IngestionQueue queue, CancellationToken cancellationToken)
    {
        var take = count ?? 20;
        var errors = new RequestErrors();
        errors.Require(take is >= 1 and <= MaxOperationsListed, "count", $"count must be between 1 and {MaxOperationsListed}; it is {take}.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // A tenant sees the operations that touch only its own documents, as GET /operations/{id} answers them.
        var operations = await queue.ListRecentOperationsAsync(take, operation => caller.MayUseAll(operation.Tenants), cancellationToken);
        return TypedResults.Ok(operations.Select(operation => operation.ToContract()).ToArray());
    }

    public static async Task<Ok<IngestionResponse>> DescribeAsync(IngestionQueue queue, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queue.DepthAsync(cancellationToken)).ToContract(await queue.StatisticsAsync(cancellationToken)));

    public static async Task<Results<Ok<Contracts.DeadLetter[]>, ValidationProblem>> ReadDeadLettersAsync(
        IngestionQueue queue, int? count, string? after, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var take = count ?? 20;
        errors.Require(take is >= 1 and <= MaxDeadLetters, "count", $"count must be between 1 and {MaxDeadLetters}; it is {take}.");
        if (after is not null)
        {
            errors.Add(IngestionQueue.CheckDeadLetterId(after, "after"));
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok((await queue.ReadDeadLettersAsync(take, after, cancellationToken)).Select(IngestionContracts.ToContract).ToArray());
    }

    public static async Task<Results<Ok<RedriveResponse>, ProblemHttpResult, ValidationProblem>> RedriveAsync(
        string id, IngestionQueue queue, CancellationToken cancellationToken)
    {
        if (IngestionQueue.CheckDeadLetterId(id, "id") is { } invalid)
        {
            return RequestErrors.Problem(invalid);
        }

        bool redriven;
        try
        {
            redriven = await queue.RedriveAsync(id, cancellationToken);
        }
        catch (IngestionQueueFullException exception)
        {
            return QueuedOperation.QueueFull(exception);
        }
        catch (DeadLetterNotRedrivableException exception)
        {
            return TypedResults.Problem(exception.Message, statusCode: StatusCodes.Status409Conflict, title: "The dead letter cannot be re-driven");
        }

        return redriven
            ? TypedResults.Ok(new RedriveResponse(1))
            : TypedResults.Problem(
                $"There is no dead letter '{id}': it was never there, or it was re-driven already.",
                statusCode: StatusCodes.Status404NotFound,
                title: "No such dead letter");
    }

    public static async Task<Results<Ok<RedriveResponse>, ProblemHttpResult>> RedriveAllAsync(IngestionQueue queue, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(new RedriveResponse(await queue.RedriveAllAsync(cancellationToken)));
        }
        catch (IngestionQueueFullException exception)
        {
            // The dead letters not yet re-driven stay where they are.
            return QueuedOperation.QueueFull(exception);
        }
    }

    /// <summary><c>messages[3].document</c> as the request's <c>documents[3]</c>, or <c>deletes[0]</c> past the documents.</summary>
    private static string RequestPath(string? queueField, int documents)
    {
        const string Prefix = "messages[";
        var end = queueField?.IndexOf(']', StringComparison.Ordinal) ?? -1;
        if (queueField is null || !queueField.StartsWith(Prefix, StringComparison.Ordinal) || end < 0
            || !int.TryParse(queueField.AsSpan(Prefix.Length, end - Prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return "documents";
        }

        return index < documents ? $"documents[{index}]" : $"deletes[{index - documents}]";
    }
}
