using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class EarlyRecomputeTests(ITestOutputHelper output) : EarlyRecomputeContract(output)
{
    protected override async Task<IStartedRedis> StartRedisAsync() => await RedisServer.StartAsync();
}
