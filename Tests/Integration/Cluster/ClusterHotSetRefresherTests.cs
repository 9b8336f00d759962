using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Retrieval;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>Hot-set refreshes with the hot tier and the ask counts on the cluster, the cold tier on a PostgreSQL of the class's own.</summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterHotSetRefresherTests(RedisClusterFixture cluster, PostgresFixture postgres)
    : HotSetRefresherContract(cluster, postgres), IClassFixture<PostgresFixture>;
