using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class EarlyRecomputeTests(ITestOutputHelper output) : EarlyRecomputeContract(output, async () => await RedisServer.StartAsync());
