using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis.Search;

/// <summary>
/// <c>POST /search</c>: the nearest documents to a text or a vector, filtered, from the Redis hot tier when it is
/// confident and from PostgreSQL otherwise (or from the tier the caller forces).
/// </summary>
public static class SearchApi
{
    /// <summary>The engine name reported for answers from the cold tier.</summary>
    public const string ColdEngine = "PostgreSQL";

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/search", SearchAsync)
            .WithTags("Search")
            .WithName("Search")
            .WithSummary("Finds the K nearest documents to a text (embedded through the cache) or a vector, with tenant, language, date and other filters, or every document within a distance")
            .UsesRedisAs(RedisDependency.HotTier)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/search/stats", GetStatistics)
            .WithTags("Search")
            .WithName("GetSearchStatistics")
            .WithSummary("What this replica's searches have done since it started: answers by tier, fallbacks by reason, each tier's recent latency percentiles, result and embedding cache outcomes")
            .ForAdmins();

        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        SearchRequest request, Caller caller, EmbeddingSpaces spaces, RetrievalStatistics statistics, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (request.ToPlan(spaces.Live.Hot.Schema, errors) is not { } read)
        {
            return errors.ToProblem();
        }

        // The tenant filter is the caller's tenant unless it names another of its own; only an admin searches them all.
        var tenant = caller.ChooseTenant(read.Filter.Tenant, "filters.tenant", allTenants: true);
        if (tenant.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        if ((tenant.Error ?? (tenant.Tenant is null ? null : SourceDocument.CheckTenant(tenant.Tenant)?.Message)) is { } badTenant)
        {
            return RequestErrors.Problem("filters.tenant", badTenant);
        }

        var plan = read with { Filter = read.Filter with { Tenant = tenant.Tenant } };

        // One embedding version from the text's embedding to the last hit, run again on the new one if it is switched
        // away meanwhile.
        return TypedResults.Ok(await spaces.RunAsync((space, token) => AnswerAsync(plan, space, statistics, token), cancellationToken));
    }

    public static Ok<SearchStatisticsResponse> GetStatistics(RetrievalStatistics statistics) =>
        TypedResults.Ok(statistics.Snapshot().ToContract());

    private static async Task<SearchResponse> AnswerAsync(
        SearchPlan plan, EmbeddingSpace space, RetrievalStatistics statistics, CancellationToken cancellationToken)
    {
        var (vector, embedding, embedded) = plan.Vector is { } given
            ? (given, null, TimeSpan.Zero)
            : await EmbedAsync(space.Embeddings, plan.Text!, plan.Filter.Tenant, statistics, cancellationToken);
        var query = plan.Query(vector);
        var (answer, cached) = await space.SearchResultCache.RetrieveAsync(query, cancellationToken);
        return new SearchResponse(
            ContractEnum.To<AnsweringTier>(answer.Tier),
            answer.Tier == RetrievalTier.Hot ? space.Hot.Engine : ColdEngine,
            space.Hot.Schema.Name,
            ContractEnum.ToNullable<Contracts.HotMissReason>(answer.MissReason),
            [.. answer.Hits.Select(ToContract)],
            new SearchTimings(embedded.TotalMilliseconds, answer.HotElapsed?.TotalMilliseconds, answer.ColdElapsed?.TotalMilliseconds),
            embedding,
            ContractEnum.ToNullable<Contracts.CacheOutcome>(cached),
            space.Version.Model.Name,
            space.Version.Number,
            HotTierQueries.Render(space.Hot.Schema, query.Search)?.ToContract());
    }

    private static async Task<(float[] Vector, Contracts.CacheOutcome? Outcome, TimeSpan Elapsed)> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator, string text, string? tenant, RetrievalStatistics statistics, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var embedding = await generator.GenerateAsync(text, EmbeddingCacheProperties.ForTenant(tenant), cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var outcome = embedding.GetCacheOutcome();
        if (outcome is { } known)
        {
            statistics.RecordEmbeddingCache(known);
        }

        return (embedding.Vector.ToArray(), ContractEnum.ToNullable<Contracts.CacheOutcome>(outcome), elapsed);
    }

    private static SearchHit ToContract(VectorHit hit)
    {
        var fields = hit.Fields.Where(field => field.Key != "title").ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);
        return new SearchHit(hit.Id, hit.Fields.GetValueOrDefault("title"), hit.Similarity, hit.Distance, fields);
    }
}
