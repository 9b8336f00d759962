using RedisAspire.Tests.Infrastructure;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class IngestionLaneTests(LocalServersFixture servers) : IngestionLaneContract(servers);
