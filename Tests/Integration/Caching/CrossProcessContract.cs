using System.Diagnostics;
using System.Text.Json;
using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary>
/// Claims about replicas, proved with several real OS processes on a Redis of their own; run alone, as one claim
/// is a latency (an invalidation reaching another process within 100 ms).
/// </summary>
/// <param name="output">Where the measured figures are written.</param>
/// <param name="startRedis">Starts the Redis of this class's tests: one server, or a cluster.</param>
public abstract class CrossProcessContract(ITestOutputHelper output, Func<Task<IStartedRedis>> startRedis) : IAsyncLifetime
{
    private const int Replicas = 4;
    private const int CallersPerReplica = 50;
    private static readonly TimeSpan FactoryTime = TimeSpan.FromMilliseconds(200);

    private readonly string prefix = TestCaches.NewPrefix();
    private readonly List<ReplicaProcess> replicas = [];
    private IStartedRedis server = null!;
    private ConnectionMultiplexer redis = null!;
    private ResultCache cache = null!;

    public async Task InitializeAsync()
    {
        server = await startRedis();
        redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString);
        cache = TestCaches.Create(redis, prefix);
        replicas.AddRange(await Task.WhenAll(Enumerable.Range(0, Replicas)
            .Select(_ => ReplicaProcess.StartAsync(server.ConnectionString, prefix))));
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }

        cache.Dispose();
        await redis.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task WithTheDistributedLockTwoHundredCallersInFourProcessesRunTheFactoryOnce()
    {
        var locked = await StampedeAsync("locked", StampedeProtection.DistributedLock);
        var unprotected = await StampedeAsync("unprotected", StampedeProtection.None);

        output.WriteLine($"{Replicas} processes x {CallersPerReplica} callers, factory {FactoryTime.TotalMilliseconds} ms:");
        output.WriteLine($"  distributed lock: {locked.FactoryRuns} factory run(s); caller p50 {locked.Percentile(50):0} ms, p99 {locked.Percentile(99):0} ms, max {locked.Percentile(100):0} ms");
        output.WriteLine($"  no protection:    {unprotected.FactoryRuns} factory run(s) (single-flight within each process only); caller p50 {unprotected.Percentile(50):0} ms, p99 {unprotected.Percentile(99):0} ms");
        Assert.Equal(1, locked.FactoryRuns);
        Assert.Equal(Replicas, unprotected.FactoryRuns);
        Assert.Equal(Replicas * CallersPerReplica, locked.Callers);
    }

    [Fact]
    public async Task AnInvalidationRemovesAnotherProcesssCopyWithin100Milliseconds()
    {
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { UseL1 = true };
        var replica = replicas[0];
        await replica.RequestAsync(ReplicaProcess.Request("get", "copied", policy));
        var watch = replica.Send(ReplicaProcess.Request("watch-copy", "copied"));
        Assert.True((await ReplicaProcess.NextReplyAsync(watch)).GetProperty("watching").GetBoolean());

        var invalidatedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await cache.InvalidateAsync("copied");
        var gone = await ReplicaProcess.NextReplyAsync(watch);

        Assert.True(gone.GetProperty("gone").GetBoolean());
        var latency = gone.GetProperty("goneAtUnixMs").GetInt64() - invalidatedAt;
        output.WriteLine($"The other process dropped its copy {latency} ms after the invalidation started.");
        Assert.InRange(latency, 0, 100);
    }

    [Fact]
    public async Task ATagInvalidationRemovesTheTaggedCopiesInEveryProcess()
    {
        var tagged = CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { UseL1 = true, Tags = ["tenant:tidewater"] };
        var untagged = tagged with { Tags = ["tenant:beancraft"] };
        var watches = new List<System.Threading.Channels.ChannelReader<JsonElement>>();
        foreach (var replica in replicas)
        {
            await replica.RequestAsync(ReplicaProcess.Request("get", "menu", tagged));
            await replica.RequestAsync(ReplicaProcess.Request("get", "other", untagged));
            var watch = replica.Send(ReplicaProcess.Request("watch-copy", "menu"));
            Assert.True((await ReplicaProcess.NextReplyAsync(watch)).GetProperty("watching").GetBoolean());
            watches.Add(watch);
        }

        Assert.Equal(1, await cache.InvalidateTagAsync("tenant:tidewater"));

        foreach (var watch in watches)
        {
            Assert.True((await ReplicaProcess.NextReplyAsync(watch)).GetProperty("gone").GetBoolean());
        }

        var stillCopied = await replicas[0].RequestAsync(ReplicaProcess.Request("get", "other", untagged));
        Assert.Equal("L1Hit", stillCopied.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task WhenTheLockHolderDiesAnotherCallerTakesOverOnceTheLockExpires()
    {
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with
        {
            Stampede = StampedeProtection.DistributedLock,
            LockTimeToLive = TimeSpan.FromSeconds(1),
            LockWaitTimeout = TimeSpan.FromSeconds(20),
        };
        var holder = replicas[0];
        await holder.RequestAsync(ReplicaProcess.Request("hang-holding-lock", "orphaned", policy));
        await holder.KillAsync();
        var killedAt = Stopwatch.StartNew();
        var (factory, runs) = TestCaches.CountingFactory();

        var result = await cache.GetOrCreateAsync("orphaned", factory, policy).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        output.WriteLine($"Took over {killedAt.ElapsedMilliseconds} ms after the holder was killed (lock lifetime 1000 ms).");
        Assert.Equal(("value 1", 1), (result.Value, runs()));
        Assert.InRange(killedAt.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        Assert.Equal(1, cache.Statistics.Snapshot().LockWaits);
    }

    private async Task<StampedeResult> StampedeAsync(string key, StampedeProtection protection)
    {
        var policy = CachePolicy.Fixed(TimeSpan.FromMinutes(5)) with { Stampede = protection };
        var startAt = DateTimeOffset.UtcNow.AddMilliseconds(500).ToUnixTimeMilliseconds();
        var replies = await Task.WhenAll(replicas.Select(replica => replica.RequestAsync(
            ReplicaProcess.Request("stampede", key, policy) with { Callers = CallersPerReplica, FactoryMs = (int)FactoryTime.TotalMilliseconds, StartAtUnixMs = startAt })));

        return new StampedeResult(
            replies.Sum(reply => reply.GetProperty("factoryRuns").GetInt32()),
            [.. replies.SelectMany(reply => reply.GetProperty("latenciesMs").EnumerateArray().Select(latency => latency.GetDouble())).Order()]);
    }

    private sealed record StampedeResult(int FactoryRuns, double[] LatenciesMs)
    {
        public int Callers => LatenciesMs.Length;

        public double Percentile(int percent) => Percentiles.NearestRank(LatenciesMs, percent);
    }
}
