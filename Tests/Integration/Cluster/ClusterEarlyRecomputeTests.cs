using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Caching;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Cluster;

[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class ClusterEarlyRecomputeTests(ITestOutputHelper output) : EarlyRecomputeContract(output, async () => await RedisClusterServer.StartAsync());
