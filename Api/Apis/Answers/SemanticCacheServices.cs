using Microsoft.Extensions.Options;
using RedisAspire.Contracts;
using RedisAspire.Core.Answers;
using RedisAspire.Core.Answers.Semantic;

namespace RedisAspire.Api.Apis.Answers;

/// <summary>What <c>GET /ask/cache</c> reads of the semantic answer cache.</summary>
public sealed record SemanticCacheServices(
    IOptions<SemanticAnswerCacheOptions> Options, SemanticAnswerStatistics Statistics, SemanticAnswerAudit Audit)
{
    /// <summary>The semantic cache's settings and this replica's figures; a hit is counted once the answer it points to was read.</summary>
    public SemanticAnswerCacheResponse ToContract(AnswerStatistics answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var lookups = Statistics.Snapshot();
        var audits = Audit.Snapshot();
        return new SemanticAnswerCacheResponse(
            Options.Value.Enabled,
            Options.Value.Threshold,
            answers.SemanticHits,
            lookups.Hits + lookups.Misses - answers.SemanticHits,
            lookups.Added,
            answers.SemanticFailures,
            audits.Audited,
            audits.FalseHits,
            audits.FalseHitRate,
            audits.Dropped);
    }
}
