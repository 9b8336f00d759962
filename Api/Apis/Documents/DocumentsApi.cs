using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RedisAspire.Api.Apis.Ingestion;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Limits;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Documents;

/// <summary>
/// <c>PUT</c> and <c>DELETE /documents/{id}</c> queue a write or a removal for the Worker, as one operation whose progress
/// <c>GET /operations/{id}</c> reads; <c>GET /documents/{id}</c> reads a document from PostgreSQL.
/// </summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/documents/{id}").WithTags("Documents");
        documents.MapPut("", PutAsync).WithName("PutDocument")
            .WithSummary("Queues a document to add or replace: the Worker chunks and embeds its body and writes both tiers")
            .AcceptsDocuments()
            .UsesRedisAs(RedisDependency.IngestionQueue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        documents.MapGet("", GetAsync).WithName("GetDocument")
            .WithSummary("A document's stored fields, its chunks, and how many of them the hot tier holds")
            .UsesRedisAs(RedisDependency.HotTier)
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/chunks", GetChunksAsync).WithName("GetDocumentChunks")
            .WithSummary("A page of a document's chunks in order: each one's id, position, whether the hot tier holds it, the start of its text and its embedding version")
            .UsesRedisAs(RedisDependency.HotTier)
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapDelete("", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Queues a document's removal from both tiers: a document that is not there is left as it is")
            .UsesRedisAs(RedisDependency.IngestionQueue)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>202 with the operation; 400 naming the field; 503 on a full queue.</summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string id, DocumentRequest document, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        var tenant = caller.ChooseTenant(document.Tenant, "tenant");
        if (tenant.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        var errors = new RequestErrors();
        if ((document with { Tenant = tenant.Tenant }).ToSourceDocument(id, services.Spaces.Live.Hot.Schema, services.Time.GetUtcNow(), errors) is not { } source)
        {
            if (tenant.Error is { } noTenant)
            {
                errors.Replace("tenant", noTenant);
            }

            return errors.ToProblem();
        }

        return await QueuedOperation.EnqueueAsync(() => services.Queue.EnqueueUpsertAsync(source, cancellationToken), messages: 1);
    }

    /// <summary>
    /// The document's fields as its first chunk holds them, with its chunk counts; 404 when PostgreSQL holds none of it
    /// (a write still queued is not there yet).
    /// </summary>
    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string id, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        if (VectorDocument.CheckId(id) is { } invalid)
        {
            return RequestErrors.Problem(invalid);
        }

        // Another tenant's document is answered as no document at all: its id is not the caller's to learn about.
        var space = services.Spaces.Live;
        if (await space.ReadDocumentAsync(id, cancellationToken) is not { } document
            || !caller.MayUse(document.FirstChunk.Tags.GetValueOrDefault(VectorFilter.TenantField) ?? string.Empty))
        {
            return NoSuchDocument(id);
        }

        var first = document.FirstChunk;
        return TypedResults.Ok(new DocumentResponse(
            id, space.Hot.Schema.Name, space.Hot.Engine, first.Vector.Length, document.Chunks, document.HotChunks, document.HotChunks > 0,
            first.Tags, first.Numbers, first.Texts));
    }

    /// <summary>
    /// Chunks <paramref name="offset"/> (0 when absent) to <paramref name="offset"/> + <paramref name="limit"/> (50 when
    /// absent, at most 200) of the document, in order; 404 as for the document itself; 400 naming <c>id</c>,
    /// <c>offset</c> or <c>limit</c>.
    /// </summary>
    public static async Task<Results<Ok<DocumentChunksResponse>, ProblemHttpResult, ValidationProblem>> GetChunksAsync(
        string id, int? offset, int? limit, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Add(VectorDocument.CheckId(id));
        var (from, count) = (offset ?? 0, limit ?? DocumentChunksResponse.DefaultLimit);
        errors.Require(from >= 0, "offset", $"offset must be 0 or more; it is {from}.");
        errors.Require(count is >= 1 and <= DocumentChunksResponse.MaxLimit, "limit", $"limit must be between 1 and {DocumentChunksResponse.MaxLimit}; it is {count}.");
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        // As for the document: another tenant's document is answered as no document at all.
        var space = services.Spaces.Live;
        if (await space.ReadChunksAsync(id, from, count, cancellationToken) is not { } page || !caller.MayUse(page.Tenant))
        {
            return NoSuchDocument(id);
        }

        return TypedResults.Ok(new DocumentChunksResponse(
            id, space.Hot.Schema.Name, space.Hot.Engine, space.Version.Number, page.Total, from, count,
            [.. page.Chunks.Select(chunk => new DocumentChunk(
                chunk.Id, chunk.Position, chunk.InHotTier, chunk.TextPreview, chunk.TextLength, chunk.EmbeddingModel, space.Version.Number))]));
    }

    /// <summary>
    /// 202 with the operation, also for a document PostgreSQL does not hold (its write may still be queued): that
    /// removal completes without changing anything. 400 naming <c>id</c> or <c>tenant</c>; 503 on a full queue.
    /// </summary>
    public static async Task<Results<Accepted<OperationAccepted>, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string id, [FromQuery] string? tenant, Caller caller, [AsParameters] DocumentServices services, CancellationToken cancellationToken)
    {
        var choice = caller.ChooseTenant(tenant, "tenant");
        if (choice.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        var errors = new RequestErrors();
        errors.Add(VectorDocument.CheckId(id));
        errors.Require(choice.Error is null, "tenant", choice.Error!);
        errors.Add(choice.Tenant is null ? null : SourceDocument.CheckTenant(choice.Tenant));
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        return await QueuedOperation.EnqueueAsync(() => services.Queue.EnqueueAsync(IngestionMessage.Delete(id, choice.Tenant!), cancellationToken), messages: 1);
    }

    private static ProblemHttpResult NoSuchDocument(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such document", detail: $"There is no document '{id}'.");
}
