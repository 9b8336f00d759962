using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Answers.Semantic;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>The semantic answer cache on Vector Sets, on a local 3-primary Redis Cluster: each tenant's questions in one slot.</summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterSemanticAnswerCacheTests(RedisClusterFixture cluster) : SemanticAnswerCacheOnSharedRedis(cluster);
