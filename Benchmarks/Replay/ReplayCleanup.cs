using StackExchange.Redis;

namespace RedisAspire.Benchmarks.Replay;

/// <summary>Removes what a replay wrote to a Redis: every index and key whose name carries the replay's name.</summary>
internal static class ReplayCleanup
{
    public static async Task DropAsync(IConnectionMultiplexer redis, string name)
    {
        var database = redis.GetDatabase();
        try
        {
            foreach (var index in ((RedisResult[])(await database.ExecuteAsync("FT._LIST"))!).Select(index => index.ToString()))
            {
                if (index.Contains(name, StringComparison.Ordinal))
                {
                    // Dropping an index drops its aliases too.
                    await database.ExecuteAsync("FT.DROPINDEX", index, "DD");
                }
            }
        }
        catch (RedisServerException)
        {
            // No query engine on this server: Vector Sets are keys, deleted below.
        }

        foreach (var endpoint in redis.GetEndPoints())
        {
            foreach (var keys in redis.GetServer(endpoint).Keys(pattern: $"*{name}*", pageSize: 1_000).Chunk(1_000))
            {
                await database.KeyDeleteAsync(keys);
            }
        }
    }
}
