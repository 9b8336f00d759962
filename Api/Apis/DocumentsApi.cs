using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using System.Text.Json;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>
/// <c>PUT</c>, <c>GET</c> and <c>DELETE /documents/{id}</c>: a document written durably to PostgreSQL, then to the Redis
/// hot tier; read from PostgreSQL; deleted from both.
/// </summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/documents/{id}").WithTags("Vectors");
        documents.MapPut("", PutAsync).WithName("PutDocument")
            .WithSummary("Adds or replaces a document in PostgreSQL and the hot tier: its text is embedded (through the cache) unless a vector is given");
        documents.MapGet("", GetAsync).WithName("GetDocument")
            .WithSummary("A document's stored fields, and whether the hot tier holds it");
        documents.MapDelete("", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Removes a document from PostgreSQL and the hot tier");
        return app;
    }

    public static async Task<Results<Ok<DocumentResponse>, ValidationProblem>> PutAsync(
        string id, DocumentRequest document, EmbeddingSpaces spaces, SearchResultCache results,
        IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(spaces);
        ArgumentNullException.ThrowIfNull(generator);
        var index = spaces.Live.Hot;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(document.Tenant))
        {
            errors["tenant"] = ["tenant is required."];
        }

        VectorRequests.CheckDimension(document.Vector, index.Schema, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var embedded = await VectorRequests.VectorOfAsync(document.Text, document.Vector, generator, errors, cancellationToken);
        if (embedded is not (var vector, var outcome, _))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var cold = new ColdDocument
        {
            Id = id,
            Tenant = document.Tenant!,
            Language = document.Language,
            Title = document.Title,
            Body = document.Text,
            Metadata = JsonSerializer.Serialize(Extras(document)),
            UpdatedAt = document.UpdatedAt ?? DateTimeOffset.UtcNow,
            ContentHash = ContentHash.Of(document.Text),
            EmbeddingModel = document.Text is null ? SuppliedVectorModel : generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? "unknown",
            Vector = vector,
        };
        try
        {
            // Extra fields must be the index's own, which the hot tier's check says with the field's name.
            new VectorDocument(id, vector, document.Tags ?? [], document.Numbers ?? [], new Dictionary<string, string>()).Validate(index.Schema);
            cold.Validate(spaces.Live.Cold.Schema);

            // PostgreSQL first: once the durable copy is written, the hot tier is a cache of it.
            await spaces.Live.Cold.UpsertAsync([cold], cancellationToken);
            await index.UpsertAsync(cold.ToVectorDocument(index.Schema), cancellationToken);
            await results.InvalidateTenantAsync(cold.Tenant, cancellationToken);
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }

        return TypedResults.Ok(DocumentResponse.From(cold.ToVectorDocument(index.Schema), index, inHotTier: true, outcome));
    }

    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string id, EmbeddingSpaces spaces, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        var index = spaces.Live.Hot;
        try
        {
            VectorDocument.ValidateId(id);
            return await spaces.Live.Cold.GetAsync(id, cancellationToken) is { } document
                ? TypedResults.Ok(DocumentResponse.From(
                    document.ToVectorDocument(index.Schema), index, await index.GetAsync(id, cancellationToken) is not null, embedding: null))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no document '{id}'.");
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string id, EmbeddingSpaces spaces, SearchResultCache results, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        try
        {
            VectorDocument.ValidateId(id);
            var tenant = (await spaces.Live.Cold.GetAsync(id, cancellationToken))?.Tenant;
            var durable = await spaces.Live.Cold.DeleteAsync(id, cancellationToken);
            var hot = await spaces.Live.Hot.DeleteAsync(id, cancellationToken);
            if (tenant is not null)
            {
                await results.InvalidateTenantAsync(tenant, cancellationToken);
            }
            else if (hot)
            {
                // A document only the hot tier held: its tenant is unknown here, so every cached result goes.
                await results.InvalidateAllAsync(cancellationToken);
            }

            return durable || hot
                ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"There is no document '{id}'.");
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }

    /// <summary>The model a document's vector is recorded under when the caller supplied the vector itself.</summary>
    public const string SuppliedVectorModel = "supplied";

    // The document's fields beyond tenant, language, title and date live in PostgreSQL's metadata column.
    private static Dictionary<string, object> Extras(DocumentRequest document)
    {
        var extras = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var (field, value) in document.Tags ?? [])
        {
            extras[field] = value;
        }

        foreach (var (field, value) in document.Numbers ?? [])
        {
            extras[field] = value;
        }

        return extras;
    }
}

/// <summary>A document as the tiers hold it (the vector's dimension, not the vector).</summary>
/// <param name="InHotTier">Whether the Redis hot tier holds it too (PostgreSQL always does).</param>
/// <param name="Embedding">For a write of text: whether its embedding came from the cache or the model.</param>
public sealed record DocumentResponse(
    string Id,
    string Index,
    string Engine,
    int Dimensions,
    bool InHotTier,
    CacheOutcome? Embedding,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyDictionary<string, string> Texts)
{
    public static DocumentResponse From(VectorDocument document, IVectorIndex index, bool inHotTier, CacheOutcome? embedding)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(index);
        return new(document.Id, index.Schema.Name, index.Engine.ToString(), document.Vector.Length, inHotTier, embedding, document.Tags, document.Numbers, document.Texts);
    }
}
