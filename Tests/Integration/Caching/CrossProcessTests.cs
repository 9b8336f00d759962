using RedisAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(TimingSensitiveCollection.Name)]
public sealed class CrossProcessTests(ITestOutputHelper output) : CrossProcessContract(output, async () => await RedisServer.StartAsync());
