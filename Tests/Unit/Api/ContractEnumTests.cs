extern alias Api;

using Api::RedisAspire.Api.Apis;
using Contracts = RedisAspire.Contracts;
using Core = RedisAspire.Core;

namespace RedisAspire.Tests.Unit.Api;

/// <summary>
/// The Api maps Core's enums onto the contract's by name: every value Core can produce must have a contract value of
/// the same name (or an answer holding it fails), and the contract lists no value Core never produces.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ContractEnumTests
{
    [Fact]
    public void EveryCacheOutcomeHasAContractValueOfItsName() =>
        AssertSameNames<Core.Caching.CacheOutcome, Contracts.CacheOutcome>();

    [Fact]
    public void EveryExpirationStrategyHasAContractValueOfItsName() =>
        AssertSameNames<Core.Caching.ExpirationStrategy, Contracts.ExpirationStrategy>();

    [Fact]
    public void EveryEvictionSeverityHasAContractValueOfItsName() =>
        AssertSameNames<Core.Caching.Eviction.EvictionSeverity, Contracts.EvictionSeverity>();

    [Fact]
    public void EveryAnswerCacheLayerHasAContractValueOfItsName() =>
        AssertSameNames<Core.Answers.AnswerCacheLayer, Contracts.AnswerCacheLayer>();

    [Fact]
    public void EveryCitationBasisHasAContractValueOfItsName() =>
        AssertSameNames<Core.Answers.CitationBasis, Contracts.CitationBasis>();

    [Fact]
    public void EveryHotMissReasonHasAContractValueOfItsName() =>
        AssertSameNames<Core.Retrieval.HotMissReason, Contracts.HotMissReason>();

    [Fact]
    public void EveryOperationStateHasAContractValueOfItsName() =>
        AssertSameNames<Core.Ingestion.Queue.OperationState, Contracts.OperationState>();

    [Fact]
    public void EveryRebuildStateHasAContractValueOfItsName() =>
        AssertSameNames<Core.Vectors.VectorRebuildState, Contracts.RebuildState>();

    [Fact]
    public void EveryEmbeddingVersionStateHasAContractValueOfItsName() =>
        AssertSameNames<Core.Retrieval.EmbeddingVersionState, Contracts.EmbeddingVersionState>();

    [Fact]
    public void EveryTierThatAnswersHasAContractValueOfItsNameAndAutoNeverAnswers()
    {
        AssertSameNames<Core.Retrieval.RetrievalTier, Contracts.AnsweringTier>(Core.Retrieval.RetrievalTier.Hot, Core.Retrieval.RetrievalTier.Cold);

        Assert.ThrowsAny<ArgumentException>(() => ContractEnum.To<Contracts.AnsweringTier>(Core.Retrieval.RetrievalTier.Auto));
    }

    [Fact]
    public void ANullValueIsANullContractValue() =>
        Assert.Null(ContractEnum.ToNullable<Contracts.CacheOutcome>(null));

    /// <summary>Each of <paramref name="produced"/> (every value when none are given) maps to the contract value of its name, and those are all the contract has.</summary>
    private static void AssertSameNames<TCore, TContract>(params TCore[] produced)
        where TCore : struct, Enum
        where TContract : struct, Enum
    {
        var values = produced.Length > 0 ? produced : Enum.GetValues<TCore>();

        foreach (var value in values)
        {
            Assert.Equal(value.ToString(), ContractEnum.To<TContract>(value).ToString());
            Assert.Equal(value.ToString(), ContractEnum.ToNullable<TContract>(value)?.ToString());
        }

        Assert.Equal(values.Select(value => value.ToString()).Order(StringComparer.Ordinal), Enum.GetNames<TContract>().Order(StringComparer.Ordinal));
    }
}
