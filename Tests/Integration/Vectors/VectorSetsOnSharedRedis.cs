using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>The hot-tier contract on Vector Sets, on a shared Redis (one server, or a cluster), with a connection of its own.</summary>
public abstract class VectorSetsOnSharedRedis(ISharedRedis servers) : VectorIndexContract, IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    protected override string RebuildLockKey => $"{((VectorSetsIndex)Index).SetKey}:rebuild-lock";

    async Task IAsyncLifetime.InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
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
        // Every key of the index shares its hash tag (the set, its rebuilds' sets, their lock, deleted ids and status), so
        // the server that holds the set, the only one or a cluster's node, holds them all and one DEL may take them.
        var key = new RedisKey(((VectorSetsIndex)index).SetKey);
        await redis.GetDatabase().KeyDeleteAsync([key, .. redis.GetServer(key).Keys(pattern: $"{key}:*")]);
    }
}
