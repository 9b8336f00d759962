using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Caching;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class StampedeTests(LocalServersFixture servers) : StampedeContract(servers);
