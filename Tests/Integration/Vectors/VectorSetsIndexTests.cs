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

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 3)]
    public async Task FilterEfBoundsHowManyCandidatesAFilteredQueryInspects(int filterEf, int expected)
    {
        var bounded = new VectorSetsIndex(redis!, Index.Schema with { FilterEf = filterEf });

        // Three documents pass the filter; inspecting one candidate finds at most one of them.
        var result = await bounded.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff } },
            CancellationToken.None);

        Assert.InRange(result.Hits.Count, expected == 1 ? 0 : expected, expected);
    }

    [Fact]
    public async Task ASetBuiltUnderOtherSettingsTakesWritesUntilARebuildAppliesTheNewOnes()
    {
        var changed = new VectorSetsIndex(redis!, Index.Schema with { Quantization = VectorQuantization.Q8, M = 32 });

        await changed.UpsertAsync(new VectorDocument(
            "7", [0, 0, 1, 0], new Dictionary<string, string> { ["tenant"] = "tidewater" }, new Dictionary<string, double>(), new Dictionary<string, string>()),
            CancellationToken.None);
        var before = await changed.DescribeAsync(CancellationToken.None);
        await changed.RebuildAsync(source: null, CancellationToken.None);
        var after = await changed.DescribeAsync(CancellationToken.None);

        Assert.Equal(("f32", 7L), (before.Storage, before.Documents));
        Assert.Equal(("int8", 7L), (after.Storage, after.Documents));
        Assert.Equal("Insulin storage policy v3", (await changed.SearchAsync(new KnnQuery { Vector = [1, 0, 0, 0], K = 1 }, CancellationToken.None)).Hits[0].Fields["title"]);
    }

    protected override string RebuildLockKey => $"{((VectorSetsIndex)Index).SetKey}:rebuild-lock";

    protected override IVectorIndex Create(IConnectionMultiplexer redis, VectorIndexSchema schema) => new VectorSetsIndex(redis, schema);

    protected override async Task DeleteAsync(IConnectionMultiplexer redis, IVectorIndex index)
    {
        // Every key of the index shares its hash tag: the set, its rebuilds' sets, their lock, deleted ids and status.
        var key = ((VectorSetsIndex)index).SetKey;
        var server = redis.GetServers().Single(server => !server.IsReplica);
        await redis.GetDatabase().KeyDeleteAsync([key, .. server.Keys(pattern: $"{{{index.Schema.Name}}}:*")]);
    }
}
