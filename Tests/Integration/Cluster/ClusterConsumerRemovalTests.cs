using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Ingestion.Queue;

namespace RedisAspire.Tests.Integration.Cluster;

[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterConsumerRemovalTests(RedisClusterFixture cluster) : ConsumerRemovalContract(cluster);
