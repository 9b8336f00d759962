using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Vectors;

[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsRecallTests(LocalServersFixture servers, ITestOutputHelper output) : RecallContract(output), IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);

    public async Task DisposeAsync() => await redis!.DisposeAsync();

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new VectorSetsIndex(redis, schema);

    protected override Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index) =>
        index.DropAsync(CancellationToken.None);
}
