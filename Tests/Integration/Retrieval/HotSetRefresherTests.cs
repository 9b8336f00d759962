using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Retrieval;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class HotSetRefresherTests(LocalServersFixture servers) : HotSetRefresherContract(servers, servers);
