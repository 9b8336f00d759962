using RedisAspire.Core.Vectors;
using RedisAspire.Tests.Infrastructure;
using StackExchange.Redis;

namespace RedisAspire.Tests.Integration.Vectors;

/// <summary>The hot-tier contract on Vector Sets, on the local Redis 8.</summary>
[Trait("Category", "Integration")]
[Collection(LocalServersCollection.Name)]
public sealed class VectorSetsIndexTests(LocalServersFixture servers) : VectorSetsOnSharedRedis(servers)
{
    [Fact]
    public void AMetricOtherThanCosineIsRefusedPointingToTheOtherEngine()
    {
        var error = Assert.Throws<ArgumentException>(() => new VectorSetsIndex(Redis!, NewSchema() with { Metric = VectorMetric.L2 }));

        Assert.Contains("RediSearch", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1000, 3)]
    public async Task FilterEfBoundsHowManyCandidatesAFilteredQueryInspects(int filterEf, int expected)
    {
        var bounded = new VectorSetsIndex(Redis!, Index.Schema with { FilterEf = filterEf });

        // Three documents pass the filter; inspecting one candidate finds at most one of them.
        var result = await bounded.SearchAsync(
            new KnnQuery { Vector = [1, 0, 0, 0], K = 5, Filter = new VectorFilter { Tenant = "tidewater", Language = "en", UpdatedAfter = Cutoff } },
            CancellationToken.None);

        Assert.InRange(result.Hits.Count, expected == 1 ? 0 : expected, expected);
    }

    [Fact]
    public async Task ASetBuiltUnderOtherSettingsTakesWritesUntilARebuildAppliesTheNewOnes()
    {
        var changed = new VectorSetsIndex(Redis!, Index.Schema with { Quantization = VectorQuantization.Q8, M = 32 });

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
}
