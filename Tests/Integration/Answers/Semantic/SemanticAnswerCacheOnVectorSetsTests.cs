using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Answers.Semantic;

/// <summary>The semantic answer cache on Vector Sets, on the local Redis 8.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class SemanticAnswerCacheOnVectorSetsTests(LocalServersFixture servers) : SemanticAnswerCacheOnSharedRedis(servers);
