using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Retrieval;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class RedisAskCounterTests(LocalServersFixture servers) : RedisAskCounterContract(servers);
