using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Api.Apis;

/// <summary><c>POST /cache/embeddings</c>: cache-aside embedding of one text.</summary>
public static class CacheEmbeddingsApi
{
    /// <summary>The longest text accepted, in characters.</summary>
    public const int MaxTextLength = 20_000;

    public static IEndpointRouteBuilder MapCacheEmbeddingsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/cache/embeddings", EmbedAsync)
            .WithTags("Cache")
            .WithName("EmbedText")
            .WithSummary("Embeds a text through the cache: a hit reads the vector from Redis, a miss runs the model and stores it");

        return app;
    }

    public static async Task<Results<Ok<EmbeddingResponse>, ValidationProblem>> EmbedAsync(
        EmbeddingRequest request, IEmbeddingGenerator<string, Embedding<float>> generator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > MaxTextLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["text"] = [string.IsNullOrWhiteSpace(request.Text)
                    ? "text must not be empty."
                    : $"text is {request.Text.Length} characters long; at most {MaxTextLength} are allowed."],
            });
        }

        var started = Stopwatch.GetTimestamp();
        var embedding = await generator.GenerateAsync(request.Text, cancellationToken: cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);

        return TypedResults.Ok(new EmbeddingResponse(
            embedding.GetCacheKey(),
            embedding.GetCacheOutcome(),
            embedding.ModelId ?? generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId,
            embedding.Vector.Length,
            elapsed.TotalMilliseconds,
            request.IncludeVector ? embedding.Vector.ToArray() : null));
    }
}

/// <param name="Text">The text to embed (at most 20,000 characters).</param>
/// <param name="IncludeVector">Return the vector itself, not only its description.</param>
public sealed record EmbeddingRequest(string Text, bool IncludeVector = false);

/// <param name="Key">The cache key: <c>embedding:MODEL:SHA-256 of the normalised text</c>.</param>
/// <param name="Outcome">Hit, L1Hit, Miss (the model ran) or Bypassed (Redis unreachable).</param>
/// <param name="Milliseconds">How long the embedding took, cache included.</param>
public sealed record EmbeddingResponse(
    string? Key, CacheOutcome? Outcome, string? Model, int Dimensions, double Milliseconds, float[]? Vector);
