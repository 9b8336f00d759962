using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Retrieval;

namespace RedisAspire.Tests.Integration.Cluster;

[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterAskCounterTests(RedisClusterFixture cluster) : RedisAskCounterContract(cluster);
