using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Ingestion.Queue;

namespace RedisAspire.Tests.Integration.Cluster;

[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterIngestionLaneTests(RedisClusterFixture cluster) : IngestionLaneContract(cluster);
