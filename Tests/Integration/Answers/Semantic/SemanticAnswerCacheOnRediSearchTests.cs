using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Answers.Semantic;

/// <summary>
/// The semantic answer cache on the query engine, whenever a Redis with it is reachable (see
/// <see cref="QueryEngineRedisFixture"/>); reported as skipped, with the reason, otherwise.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SemanticAnswerCacheOnRediSearchTests(QueryEngineRedisFixture server) : SemanticAnswerCacheContract, IClassFixture<QueryEngineRedisFixture>
{
    protected override IConnectionMultiplexer? Redis => server.Redis;

    protected override string? SkipReason => server.SkipReason;

    protected override IVectorEngine Engine { get; } = new RediSearchEngine();
}
