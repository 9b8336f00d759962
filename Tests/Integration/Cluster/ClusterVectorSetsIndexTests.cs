using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Vectors;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>The hot-tier contract on Vector Sets, on a three-primary Redis Cluster.</summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterVectorSetsIndexTests(RedisClusterFixture cluster) : VectorSetsOnSharedRedis(cluster);
