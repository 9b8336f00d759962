using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>Filter expressions run by a real Redis 8 (VSIM ... FILTER), hostile values included.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsFilterOnRedisTests(LocalServersFixture servers) : IAsyncLifetime
{
    private const string Hostile = "x\" or .tenant == \"beancraft";
    private static readonly VectorIndexSchema Schema = new() { Name = "vset:filter-tests", Dimension = 3 };

    private readonly string set = $"vset:{Guid.NewGuid():N}";
    private ConnectionMultiplexer redis = null!;

    public async Task InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await AddAsync("fresh", [1, 0, 0], """{"tenant":"tidewater","language":"en","updated_at":1714600000}""");
        await AddAsync("retired", [0.9f, 0.1f, 0], """{"tenant":"tidewater","language":"en","updated_at":1700000000}""");
        await AddAsync("other-tenant", [0.8f, 0.2f, 0], """{"tenant":"beancraft","language":"en","updated_at":1714600000}""");
        await AddAsync("odd-name", [0.7f, 0.3f, 0], """{"tenant":"x\" or .tenant == \"beancraft","language":"en","updated_at":1714600000}""");
        await AddAsync("backslash", [0.6f, 0.4f, 0], """{"tenant":"a\\b","language":"fr","updated_at":1714600000}""");
    }

    public async Task DisposeAsync()
    {
        await redis.GetDatabase().KeyDeleteAsync(set);
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task TheRecordedHybridFilterKeepsOnlyFreshDocumentsOfTheTenant() =>
        Assert.Equal(["fresh"], await SearchAsync(new VectorFilter
        {
            Tenant = "tidewater",
            Language = "en",
            UpdatedAfter = DateTimeOffset.FromUnixTimeSeconds(1714521600),
        }));

    [Fact]
    public async Task AHostileTenantMatchesOnlyItselfNeverAnotherTenant() =>
        Assert.Equal(["odd-name"], await SearchAsync(new VectorFilter { Tenant = Hostile }));

    [Fact]
    public async Task TheSameInjectionWithTheOtherQuoteMatchesNothing() =>
        Assert.Empty(await SearchAsync(new VectorFilter { Tenant = "x' or .tenant == 'beancraft" }));

    [Fact]
    public async Task ABackslashIsALiteralCharacter() =>
        Assert.Equal(["backslash"], await SearchAsync(new VectorFilter { Tenant = "a\\b" }));

    [Fact]
    public async Task WithoutQuotingTheSameValueWouldLeakAnotherTenant()
    {
        // What the quoting prevents: the value pasted between double quotes ends the literal early.
        var leaked = await RawSearchAsync($".tenant == \"{Hostile}\"");

        Assert.Contains("other-tenant", leaked);
    }

    private async Task AddAsync(string element, float[] vector, string attributes) =>
        await redis.GetDatabase().ExecuteAsync("VADD", [set, "VALUES", vector.Length, .. vector.Select(value => (object)value), element, "SETATTR", attributes]);

    private Task<string[]> SearchAsync(VectorFilter filter) => RawSearchAsync(VectorSetsFilter.Render(filter, Schema));

    private async Task<string[]> RawSearchAsync(string expression)
    {
        var reply = await redis.GetDatabase().ExecuteAsync("VSIM", set, "VALUES", 3, 1, 0, 0, "COUNT", 10, "FILTER", expression);
        return [.. ((RedisResult[])reply!).Select(element => element.ToString()).Order(StringComparer.Ordinal)];
    }
}
