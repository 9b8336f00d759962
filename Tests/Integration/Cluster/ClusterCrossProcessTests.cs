using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Caching;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Cluster;

[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class ClusterCrossProcessTests(ITestOutputHelper output) : CrossProcessContract(output, async () => await RedisClusterServer.StartAsync());
