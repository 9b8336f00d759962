using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class RecentOperationsTests(LocalServersFixture servers) : RecentOperationsContract(servers);
