using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using RedisAspire.Tests.Integration.Vectors;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Cluster;

/// <summary>The hot-tier contract on Vector Sets, on a three-primary Redis Cluster.</summary>
[Trait("Category", "Integration")]
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterVectorSetsIndexTests(RedisClusterFixture cluster) : VectorIndexContract, IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    protected override string RebuildLockKey => $"{((VectorSetsIndex)Index).SetKey}:rebuild-lock";

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

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new VectorSetsIndex(redis, schema);

    protected override async Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index)
    {
        // Every key of the index shares its hash tag, so the node that holds the set holds them all
        // and one DEL may take them together.
        var key = new RedisKey(((VectorSetsIndex)index).SetKey);
        await redis.GetDatabase().KeyDeleteAsync([key, .. redis.GetServer(key).Keys(pattern: $"{key}:*")]);
    }
}
