using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RedisAspire.Core.Caching;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Caching;

/// <summary>
/// Every replica's counters, read from any replica: two hosts built as the Api and the Worker build theirs, each with its
/// own connection and its own reporter running, over the same Redis and key prefix.
/// </summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class ReplicaReportsTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReportTimeToLive = TimeSpan.FromSeconds(1);

    private readonly string prefix = TestCaches.NewPrefix();
    private readonly List<IHost> hosts = [];
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        await redis.DisposeAsync();
    }

    [Fact]
    public async Task AnInvalidationOnOneReplicaShowsInTheOthersCountersReadFromEither()
    {
        var api = await StartReplicaAsync("api");
        var worker = await StartReplicaAsync("worker");
        var (apiId, workerId) = (Replicas(api).Identity.Id, Replicas(worker).Identity.Id);
        await BothListBothAsync(api, worker);
        await Eventually.HoldsAsync(
            async () => (long)(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", $"{prefix}:invalidations"))[1] >= 2,
            Deadline, "both replicas listen for invalidations");
        var before = (await ReportOfAsync(api, workerId))!.Counters.InvalidationsReceived;

        await Cache(api).InvalidateAsync($"menu-{Guid.NewGuid():N}");

        await Eventually.HoldsAsync(
            async () => (await ReportOfAsync(api, workerId))?.Counters.InvalidationsReceived > before,
            Deadline, "the api replica reads that the worker replica received the invalidation");
        await Eventually.HoldsAsync(
            async () => (await ReportOfAsync(worker, workerId))?.Counters.InvalidationsReceived > before
                && (await ReportOfAsync(worker, apiId))?.Counters.InvalidationsSent >= 1,
            Deadline, "the worker replica reads its own receipt and the api replica's sending");
        var seenByWorker = (await ReportOfAsync(worker, apiId))!;
        Assert.Equal(("api", Replicas(api).Identity.StartedAt), (seenByWorker.Name, seenByWorker.StartedAt));
        Assert.True(seenByWorker.ReportedAt >= seenByWorker.StartedAt, seenByWorker.ToString());
    }

    [Fact]
    public async Task AStoppedReplicaDisappearsOnceItsReportExpires()
    {
        var api = await StartReplicaAsync("api");
        var worker = await StartReplicaAsync("worker");
        var workerId = Replicas(worker).Identity.Id;
        await BothListBothAsync(api, worker);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync($"{prefix}-replica:{workerId}");
        Assert.True(ttl > TimeSpan.Zero && ttl <= ReportTimeToLive, $"the report's time to live is {ttl}");

        await worker.StopAsync();

        await Eventually.HoldsAsync(async () => await ReportOfAsync(api, workerId) is null, Deadline, "the stopped replica is no longer listed");
        await Eventually.HoldsAsync(
            async () => !(await redis.GetDatabase().SortedSetRangeByRankAsync($"{prefix}-replicas")).Contains(workerId),
            Deadline, "the live replica drops the stopped one from the index");
        Assert.True(await redis.GetDatabase().KeyTimeToLiveAsync($"{prefix}-replicas") is { } indexTtl && indexTtl > TimeSpan.Zero, "the index expires too");
    }

    private async Task<IHost> StartReplicaAsync(string name)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ResultCache:KeyPrefix"] = prefix,
            ["ResultCache:ReplicaReportInterval"] = "00:00:00.100",
            ["ResultCache:ReplicaReportTimeToLive"] = ReportTimeToLive.ToString(),
        });
        // Each replica its own connection, as each process has: its own subscriptions, disposed with it.
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(servers.RedisConnectionString));
        builder.Services.AddResultCache();
        var host = builder.Build();
        hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    private static async Task BothListBothAsync(IHost one, IHost other)
    {
        string[] ids = [Replicas(one).Identity.Id, Replicas(other).Identity.Id];
        foreach (var reader in new[] { one, other })
        {
            await Eventually.HoldsAsync(
                async () => ids.All((await Replicas(reader).ReadAsync(CancellationToken.None)).Select(report => report.Id).Contains),
                Deadline, "each replica lists both");
        }
    }

    private static async Task<CacheReplicaReport?> ReportOfAsync(IHost reader, string id) =>
        (await Replicas(reader).ReadAsync(CancellationToken.None)).SingleOrDefault(report => report.Id == id);

    private static CacheReplicas Replicas(IHost host) => host.Services.GetRequiredService<CacheReplicas>();

    private static IResultCache Cache(IHost host) => host.Services.GetRequiredService<IResultCache>();
}
