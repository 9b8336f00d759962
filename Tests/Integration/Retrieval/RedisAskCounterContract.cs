using RedisAspire.Core.Retrieval;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>The ask counts, run against every kind of shared Redis (one server, a cluster).</summary>
public abstract class RedisAskCounterContract(ISharedRedis servers) : IAsyncLifetime
{
    private readonly string tenant = $"tidewater{Guid.NewGuid():N}";
    private readonly string otherTenant = $"beancraft{Guid.NewGuid():N}";
    private readonly string globalKey = $"asks{Guid.NewGuid():N}";
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync() => redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);

    public async Task DisposeAsync()
    {
        var counter = new RedisAskCounter(redis, globalKey);
        // One key at a time: on a cluster they live in different slots.
        await Task.WhenAll(new[] { globalKey, counter.TenantKey(tenant), counter.TenantKey(otherTenant), counter.TenantsKey }
            .Select(key => redis.GetDatabase().KeyDeleteAsync(key)));
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task TheMostAskedDocumentsComeFirstPerTenantAndOverall()
    {
        var counter = new RedisAskCounter(redis, globalKey);

        counter.Record(tenant, [$"{tenant}-a", $"{tenant}-b"]);
        counter.Record(tenant, [$"{tenant}-b"]);
        counter.Record(tenant, [$"{tenant}-b", $"{tenant}-c"]);
        counter.Record(null, [$"{tenant}-c"]);

        IReadOnlyList<(string Id, double Asks)> top = [];
        await Eventually.HoldsAsync(
            async () => (top = await counter.TopAsync(tenant, 2, CancellationToken.None)).Count == 2 && top[0].Asks == 3,
            TimeSpan.FromSeconds(5), "the asks are counted");
        Assert.Equal([($"{tenant}-b", 3.0), ($"{tenant}-c", 1.0)], top.OrderByDescending(entry => entry.Asks).ThenByDescending(entry => entry.Id));
        Assert.Equal(2, await redis.GetDatabase().SortedSetScoreAsync(globalKey, $"{tenant}-c"));
    }

    [Fact]
    public async Task TheTenantsThatHaveAsksAreListed()
    {
        var counter = new RedisAskCounter(redis, globalKey);

        counter.Record(null, [$"{tenant}-a"]);
        counter.Record(otherTenant, []);
        counter.Record(tenant, [$"{tenant}-a"]);
        counter.Record(tenant, [$"{tenant}-b"]);
        counter.Record(otherTenant, [$"{otherTenant}-a"]);

        IReadOnlyList<string> tenants = [];
        await Eventually.HoldsAsync(
            async () => (tenants = await counter.TenantsAsync(CancellationToken.None)).Count >= 2, TimeSpan.FromSeconds(5), "the tenants are listed");
        Assert.Equal([otherTenant, tenant], tenants);
    }

    [Theory]
    [InlineData("tenants")]
    [InlineData("#tenants")]
    [InlineData("a.b-c_d")]
    public void TheListOfTenantsIsNoTenantsAskKey(string name)
    {
        var counter = new RedisAskCounter(redis, globalKey);

        Assert.NotEqual(counter.TenantsKey, counter.TenantKey(name));
        Assert.NotEqual(counter.TenantsKey, counter.GlobalKey);
    }

    [Fact]
    public async Task CountingNeverFailsOnAnUnreachableRedis()
    {
        await using var unreachable = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{ServerProcess.FreePort()},abortConnect=false,connectTimeout=200");
        var counter = new RedisAskCounter(unreachable);

        var error = Record.Exception(() => counter.Record(tenant, ["a", "b"]));

        Assert.Null(error);
    }
}
