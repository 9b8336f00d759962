using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Caching;

namespace RedisAspire.Tests.Integration.Cluster;

[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterStampedeTests(RedisClusterFixture cluster) : StampedeContract(cluster);
