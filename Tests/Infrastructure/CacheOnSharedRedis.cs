using RedisAspire.Core.Caching;
using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>A test class's own connection and result cache on the shared Redis, under a key prefix of its own.</summary>
public abstract class CacheOnSharedRedis(ISharedRedis servers) : IAsyncLifetime
{
    protected string Prefix { get; } = TestCaches.NewPrefix();

    protected ConnectionMultiplexer Redis { get; private set; } = null!;

    protected ResultCache Cache { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        Cache = TestCaches.Create(Redis, Prefix);
    }

    public async Task DisposeAsync()
    {
        Cache.Dispose();
        await Redis.DisposeAsync();
    }
}
