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
        // Every key of the index begins with its name as a hash tag, alone ({name}: the untenanted set, owners, tenants,
        // rebuild state) or with a tenant ({name:tenant}: a tenant's sets), so the tenants' keys may sit on every
        // primary of a cluster: each is found on its own node and deleted alone.
        var name = index.Schema.Name;
        foreach (var server in redis.GetServers().Where(server => !server.IsReplica))
        {
            foreach (var key in server.Keys(pattern: $"{{{name}}}*").Concat(server.Keys(pattern: $"{{{name}:*")))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}
