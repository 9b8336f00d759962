using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Answers.Semantic;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>The semantic answer cache on Vector Sets, on a local 3-primary Redis Cluster: each tenant's questions in one slot.</summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterSemanticAnswerCacheTests(RedisClusterFixture cluster) : SemanticAnswerCacheContract, IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    protected override IVectorEngine Engine { get; } = new VectorSetsEngine();

    async Task IAsyncLifetime.InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(cluster.RedisConnectionString);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await redis!.DisposeAsync();
    }
}
