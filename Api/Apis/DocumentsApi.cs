using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>
/// <c>PUT</c> and <c>DELETE /documents/{id}</c> queue a write or a removal for the Worker, as one operation whose progress
/// <c>GET /operations/{id}</c> reads; <c>GET /documents/{id}</c> reads a document from PostgreSQL.
/// </summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/documents/{id}").WithTags("Vectors");
        documents.MapPut("", PutAsync).WithName("PutDocument")
            .WithSummary("Queues a document to add or replace: the Worker chunks and embeds its text and writes both tiers");
        documents.MapGet("", GetAsync).WithName("GetDocument")
            .WithSummary("A document's stored fields, its chunks, and how many of them the hot tier holds");
        documents.MapDelete("", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Queues a document's removal from both tiers: a document that is not there is left as it is");
        return app;
    }

    /// <summary>202 with the operation; 400 naming the field (a vector among them: only text can be queued); 503 on a full queue.</summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, DocumentRequest document, EmbeddingSpaces spaces, IngestionQueue queue, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(time);
        var errors = new Dictionary<string, string[]>();
        if (document.ToSourceDocument(id, spaces.Live.Hot.Schema, time.GetUtcNow(), errors) is not { } source)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await QueuedOperation.EnqueueAsync(
            () => queue.EnqueueUpsertAsync(source, cancellationToken), messages: 1, DocumentRequest.FieldOf);
    }

    /// <summary>
    /// The document's fields as its first chunk holds them, with its chunk counts; 404 when PostgreSQL holds none of it
    /// (a write still queued is not there yet).
    /// </summary>
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string id, EmbeddingSpaces spaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        var space = spaces.Live;
        var index = space.Hot;
        try
        {
            VectorDocument.ValidateId(id);
            var rows = (await space.Cold.ReadChunkHashesAsync([id], cancellationToken)).GetValueOrDefault(id) ?? [];
            var first = rows.Count == 0
                ? null
                : (await space.Cold.ReadForHotTierAsync([rows.Select(row => row.Id).Min(StringComparer.Ordinal)!], cancellationToken)).FirstOrDefault();
            if (first is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no document '{id}'.");
            }

            var hot = await index.ContainsAsync([.. rows.Select(row => row.Id)], cancellationToken);
            return TypedResults.Ok(DocumentResponse.From(id, first, index, rows.Count, hot.Count));
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }

    /// <summary>
    /// 202 with the operation, also for a document PostgreSQL does not hold (its write may still be queued): that
    /// removal completes without changing anything. 400 naming <c>id</c> or <c>tenant</c>; 503 on a full queue.
    /// </summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string id, [FromQuery] string? tenant, IngestionQueue queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        if (tenant is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["tenant"] = ["tenant is required (DELETE /documents/{id}?tenant=...): the tenant whose cached searches the removal drops."],
            });
        }

        var message = IngestionMessage.Delete(id, tenant);
        try
        {
            message.Validate();
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }

        return await QueuedOperation.EnqueueAsync(() => queue.EnqueueAsync(message, cancellationToken), messages: 1, field => field ?? "id");
    }
}
