using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RedisAspire.Core.Connections;
using RedisAspire.Core.Caching;
using RedisAspire.ReplicaHost;
using StackExchange.Redis;

// Usage: RedisAspire.ReplicaHost <redis connection string> <cache key prefix>
// Reads one JSON request per line on stdin, writes JSON lines on stdout (see ReplicaRequest).
var redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
using var cache = new ResultCache(
    redis, new SharedConnectionSubscriptions(redis), new SystemTextJsonCacheSerializer(), Options.Create(new ResultCacheOptions { KeyPrefix = args[1] }),
    new CacheStatistics(), TimeProvider.System, NullLogger<ResultCache>.Instance);
var replica = new Replica(cache, redis, Console.Out, args[1]);

await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new { ready = true, pid = Environment.ProcessId }));
await Console.Out.FlushAsync();
while (await Console.In.ReadLineAsync() is { } line)
{
    var request = JsonSerializer.Deserialize<ReplicaRequest>(line, Replica.Json)!;
    // Requests run concurrently: a watch waits while the test invalidates through another request.
    _ = replica.HandleAsync(request);
}
