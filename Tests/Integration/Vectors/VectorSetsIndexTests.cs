using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>The hot-tier contract on Vector Sets, on the local Redis 8.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsIndexTests(LocalServersFixture servers) : VectorIndexContract, IAsyncLifetime
{
    private ConnectionMultiplexer? redis;

    protected override IConnectionMultiplexer? Redis => redis;

    protected override string? SkipReason => null;

    async Task IAsyncLifetime.InitializeAsync()
    {
        redis = await ConnectionMultiplexer.ConnectAsync(servers.RedisConnectionString);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await redis!.DisposeAsync();
    }

    [Fact]
    public void AMetricOtherThanCosineIsRefusedPointingToTheOtherEngine()
    {
        var error = Assert.Throws<ArgumentException>(() => new VectorSetsIndex(redis!, NewSchema() with { Metric = VectorMetric.L2 }));

        Assert.Contains("RediSearch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSetLivesUnderTheSchemasNameAsAHashTag()
    {
        var index = (VectorSetsIndex)Index;

        Assert.Equal($"{{{Index.Schema.Name}}}", index.SetKey);
        Assert.Equal(6, (long)await redis!.GetDatabase().ExecuteAsync("VCARD", index.SetKey));
    }

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new VectorSetsIndex(redis, schema);

    protected override async Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index)
    {
        var key = ((VectorSetsIndex)index).SetKey;
        await redis.GetDatabase().KeyDeleteAsync([key, $"{key}:rebuild", $"{key}:rebuild-lock", $"{key}:rebuild-deleted", $"{key}:rebuild-status"]);
    }
}
