using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RedisAspire.Api.Identity;
using RedisAspire.Api.Problems;
using RedisAspire.Api.Validation;
using RedisAspire.Contracts;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Ingestion;
using CoreOutcome = RedisAspire.Core.Caching.CacheOutcome;

namespace RedisAspire.Api.Apis.Answers;

/// <summary>
/// <c>POST /ask</c>: an answer to a question from the caller's tenant's documents, given again by the exact or the
/// semantic answer cache (without retrieving), or written by the configured generator from the passages the two-tier
/// retrieval finds; <c>GET /ask/cache</c>: the answer caches' figures.
/// </summary>
public static class AskApi
{
    public static IEndpointRouteBuilder MapAskApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ask", AskAsync)
            .WithTags("Answers")
            .WithName("Ask")
            .WithSummary("Answers a question from the tenant's documents, citing them: from the exact or semantic answer cache when either holds it (without retrieving), otherwise retrieved through both tiers and written by the generator (Azure OpenAI or the local extractive answerer), cached per tenant, question and conversation")
            .UsesRedisAs(RedisDependency.ResultCache)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        app.MapGet("/ask/cache", GetCacheAsync)
            .WithTags("Answers")
            .WithName("GetAnswerCache")
            .WithSummary("The answer cache: its settings, how many answers Redis holds, this replica's answers by cache outcome and its generator calls")
            .UsesRedisAs(RedisDependency.ResultCache)
            .ForAdmins();

        return app;
    }

    public static async Task<Results<Ok<AskResponse>, ValidationProblem, ProblemHttpResult>> AskAsync(
        AskRequest request, Caller caller, Answerer answerer, CancellationToken cancellationToken)
    {
        // The caller's tenant unless it names another of its own; an admin names the tenant it acts for.
        var tenant = caller.ChooseTenant(request.Tenant, "tenant");
        if (tenant.Forbidden is { } forbidden)
        {
            return forbidden;
        }

        var errors = new RequestErrors();
        if ((tenant.Error ?? SourceDocument.CheckTenant(tenant.Tenant)?.Message) is { } badTenant)
        {
            errors.Add("tenant", badTenant);
        }

        if (request.ToQuestion(tenant.Tenant ?? string.Empty, errors) is not { } question)
        {
            return errors.ToProblem();
        }

        return TypedResults.Ok(ToContract(await answerer.AskAsync(question, cancellationToken)));
    }

    public static async Task<Ok<AnswerCacheResponse>> GetCacheAsync(
        ExactAnswerCache cache, AnswerStatistics statistics, Answerer answerer, IOptions<AnswerOptions> options,
        [AsParameters] SemanticCacheServices semantic, CancellationToken cancellationToken)
    {
        var settings = options.Value.Cache;
        var sliding = settings.Expiration == Core.Caching.ExpirationStrategy.Sliding;
        return TypedResults.Ok(new AnswerCacheResponse(
            statistics.Since,
            settings.Enabled,
            ContractEnum.To<ExpirationStrategy>(settings.Expiration),
            settings.TimeToLive.TotalSeconds,
            sliding ? settings.MaxLifetime.TotalSeconds : null,
            await cache.CountAsync(cancellationToken),
            new CacheOutcomeCounts(
                statistics.Exact(CoreOutcome.Hit), statistics.Exact(CoreOutcome.L1Hit), statistics.Exact(CoreOutcome.Miss),
                statistics.Exact(CoreOutcome.Stale), statistics.Exact(CoreOutcome.Bypassed)),
            statistics.Uncached,
            statistics.GeneratorCalls,
            statistics.GeneratorFailures,
            new AnswerGeneratorInfo(answerer.Generator.Name, answerer.Generator.Model),
            semantic.ToContract(statistics)));
    }

    private static AskResponse ToContract(AnswerResult result)
    {
        var answer = result.Answer;
        return new AskResponse(
            answer.Text,
            new AnswerGeneratorInfo(answer.Generator, answer.Model),
            [.. answer.Citations.Select(citation => new AskCitation(citation.Number, citation.Id, citation.DocumentId, citation.Title))],
            ContractEnum.To<Contracts.CitationBasis>(answer.Basis),
            new AskCache(ContractEnum.To<Contracts.AnswerCacheLayer>(result.Layer), ContractEnum.ToNullable<CacheOutcome>(result.Outcome)),
            result.Retrieval is { } retrieval
                ? new AskRetrieval(
                    ContractEnum.To<AnsweringTier>(retrieval.Tier),
                    result.Engine!,
                    ContractEnum.ToNullable<HotMissReason>(retrieval.MissReason),
                    retrieval.Hits.Count,
                    ContractEnum.ToNullable<CacheOutcome>(result.RetrievalOutcome))
                : null,
            ContractEnum.ToNullable<CacheOutcome>(result.EmbeddingOutcome),
            new AskTimings(
                result.Timings.Embedding.TotalMilliseconds,
                result.Timings.Retrieval?.TotalMilliseconds,
                result.Timings.Generation?.TotalMilliseconds,
                result.Timings.Total.TotalMilliseconds),
            result.EmbeddingVersion,
            result.EmbeddingModel,
            answer.GeneratedAt);
    }
}
