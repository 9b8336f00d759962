using RedisAspire.Core.Caching.Eviction;

namespace RedisAspire.Tests.Unit.Caching.Eviction;

[Trait("Category", "Unit")]
public sealed class RedisMemoryReportTests
{
    [Fact]
    public void TheReportOfAServerThatHasEvictedHoldsItsLimitPolicyMemoryAndCounts()
    {
        var report = RedisMemoryReport.Parse(CapturedInfo.MemoryFull, CapturedInfo.StatsFull, CapturedInfo.KeyspaceFull);

        Assert.Equal(4194304, report.MaxMemoryBytes);
        Assert.Equal("allkeys-lru", report.Policy);
        Assert.Equal(4100808, report.UsedMemoryBytes);
        Assert.Equal(4171192, report.UsedMemoryPeakBytes);
        Assert.Equal(44, report.EvictedKeys);
        Assert.Equal(1, report.ExpiredKeys);
        Assert.Equal((28, 0, 28), (report.Keys, report.KeysWithTtl, report.KeysWithoutTtl));
        Assert.Equal(4100808.0 / 4194304, report.UsedMemoryRatio);
    }

    [Fact]
    public void TheReportOfAFreshServerHasNoLimitNoEvictionPolicyAndNoKeys()
    {
        var report = RedisMemoryReport.Parse(CapturedInfo.MemoryEmpty, CapturedInfo.StatsEmpty, CapturedInfo.KeyspaceEmpty);

        Assert.Equal(0, report.MaxMemoryBytes);
        Assert.Equal(EvictionPolicies.NoEviction, report.Policy);
        Assert.Null(report.UsedMemoryRatio);
        Assert.Equal((0, 0, 0), (report.EvictedKeys, report.ExpiredKeys, report.Keys));
        Assert.Empty(report.Databases);
    }

    [Fact]
    public void KeyCountsAddUpOverAllDatabases()
    {
        var report = RedisMemoryReport.Parse(CapturedInfo.MemoryEmpty, CapturedInfo.StatsEmpty, CapturedInfo.KeyspaceMixed);

        Assert.Equal((13, 4, 9), (report.Keys, report.KeysWithTtl, report.KeysWithoutTtl));
    }

    [Fact]
    public void TheStatsSectionInPlaceOfTheMemorySectionIsAFormatErrorNamingTheMissingField()
    {
        var error = Assert.Throws<FormatException>(
            () => RedisMemoryReport.Parse(CapturedInfo.StatsFull, CapturedInfo.StatsFull, CapturedInfo.KeyspaceFull));

        Assert.Equal("INFO memory has no 'maxmemory' field.", error.Message);
    }

    [Fact]
    public void AClustersReportSumsItsShardsAndWeighsTheirAverageTtlsByTheirKeysWithATtl()
    {
        var first = new RedisMemoryReport(1_000, "volatile-lru", 400, 500, 3, 10, [new KeyspaceDatabase(0, 10, 1, TimeSpan.FromSeconds(10))]);
        var second = new RedisMemoryReport(2_000, "volatile-lru", 1_800, 1_900, 4, 20,
            [new KeyspaceDatabase(0, 20, 3, TimeSpan.FromSeconds(50)), new KeyspaceDatabase(1, 5, 0, TimeSpan.Zero)]);

        var cluster = RedisMemoryReport.Combine([first, second]);

        Assert.Equal((3_000L, "volatile-lru", 2_200L, 2_400L, 7L, 30L), (cluster.MaxMemoryBytes, cluster.Policy, cluster.UsedMemoryBytes, cluster.UsedMemoryPeakBytes, cluster.EvictedKeys, cluster.ExpiredKeys));
        Assert.Equal([new KeyspaceDatabase(0, 30, 4, TimeSpan.FromSeconds(40)), new KeyspaceDatabase(1, 5, 0, TimeSpan.Zero)], cluster.Databases);
        Assert.Equal([first, second], cluster.Shards);
        Assert.Equal(0.9, cluster.UsedMemoryRatio);
    }
}
