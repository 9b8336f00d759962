using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary><c>PUT</c>, <c>GET</c> and <c>DELETE /documents/{id}</c>: documents of the hot tier.</summary>
public static class DocumentsApi
{
    public static IEndpointRouteBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/documents/{id}").WithTags("Vectors");
        documents.MapPut("", PutAsync).WithName("PutDocument")
            .WithSummary("Adds or replaces a document in the hot tier: its text is embedded (through the cache) unless a vector is given");
        documents.MapGet("", GetAsync).WithName("GetDocument")
            .WithSummary("A document's stored fields as the hot tier holds them");
        documents.MapDelete("", DeleteAsync).WithName("DeleteDocument")
            .WithSummary("Removes a document from the hot tier");
        return app;
    }

    public static async Task<Results<Ok<DocumentResponse>, ValidationProblem>> PutAsync(
        string id, DocumentRequest document, VectorHotTier hotTier, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(hotTier);
        var index = hotTier.Index;
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(document.Tenant))
        {
            errors["tenant"] = ["tenant is required."];
        }

        if (document.Vector is { } given && given.Length != index.Schema.Dimension)
        {
            errors["vector"] = [$"The vector has {given.Length} dimensions; index '{index.Schema.Name}' expects {index.Schema.Dimension}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var embedded = await VectorRequests.VectorOfAsync(document.Text, document.Vector, generator, errors, cancellationToken);
        if (embedded is not (var vector, var outcome, _))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var tags = new Dictionary<string, string>(document.Tags ?? [], StringComparer.Ordinal) { [VectorFilter.TenantField] = document.Tenant! };
        if (document.Language is not null)
        {
            tags[VectorFilter.LanguageField] = document.Language;
        }

        var numbers = new Dictionary<string, double>(document.Numbers ?? [], StringComparer.Ordinal)
        {
            [VectorFilter.UpdatedAtField] = (document.UpdatedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds(),
        };
        var texts = document.Title is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["title"] = document.Title };
        try
        {
            await index.UpsertAsync(new VectorDocument(id, vector, tags, numbers, texts), cancellationToken);
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }

        return TypedResults.Ok(new DocumentResponse(id, index.Schema.Name, index.Engine.ToString(), vector.Length, outcome, tags, numbers, texts));
    }

    public static async Task<Results<Ok<DocumentResponse>, ProblemHttpResult, ValidationProblem>> GetAsync(
        string id, VectorHotTier hotTier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hotTier);
        var index = hotTier.Index;
        try
        {
            return await index.GetAsync(id, cancellationToken) is { } document
                ? TypedResults.Ok(new DocumentResponse(id, index.Schema.Name, index.Engine.ToString(), document.Vector.Length, null, document.Tags, document.Numbers, document.Texts))
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Index '{index.Schema.Name}' holds no document '{id}'.");
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> DeleteAsync(
        string id, VectorHotTier hotTier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hotTier);
        var index = hotTier.Index;
        try
        {
            return await index.DeleteAsync(id, cancellationToken)
                ? TypedResults.NoContent()
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"Index '{index.Schema.Name}' holds no document '{id}'.");
        }
        catch (ArgumentException exception)
        {
            return VectorRequests.Problem(exception);
        }
    }
}

/// <summary>A document as the hot tier holds it (the vector's dimension, not the vector).</summary>
/// <param name="Embedding">For a write of text: whether its embedding came from the cache or the model.</param>
public sealed record DocumentResponse(
    string Id,
    string Index,
    string Engine,
    int Dimensions,
    CacheOutcome? Embedding,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyDictionary<string, string> Texts);
