using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ExpirationTests(LocalServersFixture servers) : ExpirationContract(servers);
