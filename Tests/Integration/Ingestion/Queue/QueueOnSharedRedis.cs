using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Ingestion.Queue;

/// <summary>
/// A queue contract's connection and settings on a shared Redis (one server, or a cluster), with a connection of its own;
/// the queue's keys are deleted after each test.
/// </summary>
public abstract class QueueOnSharedRedis(ISharedRedis servers, IngestionQueueOptions options) : IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    /// <summary>The test's connection.</summary>
    protected ConnectionMultiplexer Redis => redis ?? throw new InvalidOperationException("The connection has not been made.");

    /// <summary>Where the shared Redis is, for processes of their own.</summary>
    protected string RedisConnectionString => servers.RedisConnectionString;

    /// <summary>The queue's settings, on fresh key names.</summary>
    protected IngestionQueueOptions QueueOptions => options;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(RedisConnectionString);

    public async Task DisposeAsync()
    {
        await TestQueues.DeleteKeysAsync(Redis, options);
        await Redis.DisposeAsync();
    }
}
