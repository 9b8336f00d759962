using RedisAspire.Core.Caching.Eviction;

namespace RedisAspire.Tests.Unit.Caching.Eviction;

[Trait("Category", "Unit")]
public sealed class EvictionPolicyChangeTests
{
    [Theory]
    [InlineData("noeviction")]
    [InlineData("allkeys-lru")]
    [InlineData("allkeys-lfu")]
    [InlineData("allkeys-random")]
    [InlineData("volatile-lru")]
    [InlineData("volatile-lfu")]
    [InlineData("volatile-random")]
    [InlineData("volatile-ttl")]
    public void EachOfTheEightPoliciesIsValid(string policy) =>
        Assert.Empty(new EvictionPolicyChange(policy).Errors());

    [Theory]
    [InlineData("allkeys-lrm")] // Redis 8.0.2 refuses it.
    [InlineData("volatile-lrm")]
    [InlineData("ALLKEYS-LRU")]
    [InlineData("lru")]
    [InlineData(" allkeys-lru")]
    public void AnUnknownPolicyIsAnErrorOnThePolicyFieldListingTheValidValues(string policy)
    {
        var errors = new EvictionPolicyChange(policy).Errors();

        var message = Assert.Single(errors, error => error.Field == "policy").Message;
        Assert.Equal(
            $"'{policy}' is not an eviction policy; valid values: noeviction, allkeys-lru, allkeys-lfu, allkeys-random, "
            + "volatile-lru, volatile-lfu, volatile-random, volatile-ttl.",
            message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void AMissingPolicyIsAnErrorOnThePolicyField(string? policy)
    {
        var (field, message) = Assert.Single(new EvictionPolicyChange(policy, 0).Errors());

        Assert.Equal("policy", field);
        Assert.StartsWith("The eviction policy is required; valid values: noeviction,", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(long.MinValue)]
    [InlineData(100)] // 100 "MB" written as bytes.
    [InlineData(EvictionPolicyChange.MinimumMaxMemoryBytes - 1)]
    public void ANegativeOrTinyMaxMemoryIsAnErrorOnTheMaxMemoryBytesField(long maxMemory)
    {
        var (field, message) = Assert.Single(new EvictionPolicyChange("volatile-lru", maxMemory).Errors());

        Assert.Equal("maxMemoryBytes", field);
        Assert.Contains("must be 0 (no limit) or at least 1048576", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0L)]
    [InlineData(EvictionPolicyChange.MinimumMaxMemoryBytes)]
    [InlineData(104857600L)]
    public void NoMaxMemoryZeroOrAtLeastOneMebibyteIsValid(long? maxMemory) =>
        Assert.Empty(new EvictionPolicyChange("volatile-ttl", maxMemory).Errors());

    [Fact]
    public void BothFieldsAreReportedWhenBothAreWrong() =>
        Assert.Equal(["maxMemoryBytes", "policy"], new EvictionPolicyChange("lru", -5).Errors().Select(error => error.Field).Order());

    [Fact]
    public async Task ChangesAreRefusedWhenNotAllowedBeforeTheConnectionIsUsed()
    {
        // A connection to a port nothing listens on: any attempt to use it would fail differently.
        await using var unreachable = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        var changer = new EvictionPolicyChanger(unreachable, new CacheEvictionOptions());

        var error = await Assert.ThrowsAsync<EvictionPolicyChangeNotAllowedException>(
            () => changer.ChangeAsync(new EvictionPolicyChange("volatile-lru"), CancellationToken.None));

        Assert.False(changer.PolicyChangesAllowed);
        Assert.Contains("Azure Managed Redis", error.Message, StringComparison.Ordinal);
        Assert.Contains("noeviction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInvalidChangeIsRefusedBeforeConnectingEvenWhenChangesAreAllowed()
    {
        await using var unreachable = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync("127.0.0.1:1,abortConnect=false,connectTimeout=100");
        var changer = new EvictionPolicyChanger(unreachable, new CacheEvictionOptions { AllowPolicyChanges = true });

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => changer.ChangeAsync(new EvictionPolicyChange("allkeys-lrm"), CancellationToken.None));

        Assert.Equal("policy", error.ParamName);
    }

    [Fact]
    public void PolicyChangesAreOffAndPermanentKeysExpectedByDefault()
    {
        var options = new CacheEvictionOptions();

        Assert.False(options.AllowPolicyChanges);
        Assert.True(options.PermanentKeysExpected);
        Assert.Equal("ResultCache:Eviction", CacheEvictionOptions.SectionName);
    }
}
