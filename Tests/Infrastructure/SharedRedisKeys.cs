using StackExchange.Redis;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>Clean-up of a test's keys on a shared Redis of any kind (one server, a cluster).</summary>
internal static class SharedRedisKeys
{
    /// <summary>
    /// Deletes every key matching any of <paramref name="patterns"/>: found on each primary, since on a cluster they
    /// may sit on all of them, and deleted one at a time, since they may live in different slots.
    /// </summary>
    public static async Task DeleteAsync(IConnectionMultiplexer redis, params string[] patterns)
    {
        foreach (var server in redis.GetServers().Where(server => !server.IsReplica))
        {
            foreach (var key in patterns.SelectMany(pattern => server.Keys(pattern: pattern)))
            {
                await redis.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}
