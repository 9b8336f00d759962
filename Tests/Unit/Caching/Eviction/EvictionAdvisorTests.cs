using RedisAspire.Core.Caching.Eviction;
using static RedisAspire.Core.Caching.Eviction.EvictionAdvisor;

namespace RedisAspire.Tests.Unit.Caching.Eviction;

[Trait("Category", "Unit")]
public sealed class EvictionAdvisorTests
{
    private const long Limit = 100 * 1024 * 1024;

    [Fact]
    public void ACleanReportHasNoFindings() =>
        Assert.Empty(Advise(Report(EvictionPolicies.AllKeysLru, keys: 50, keysWithTtl: 50)));

    [Fact]
    public void ACleanReportWithPermanentKeysUnderAVolatilePolicyHasNoFindings() =>
        Assert.Empty(Advise(Report(EvictionPolicies.VolatileLru, keys: 50, keysWithTtl: 30), permanentKeysExpected: true));

    [Theory]
    [InlineData(EvictionPolicies.AllKeysLru)]
    [InlineData(EvictionPolicies.AllKeysLfu)]
    [InlineData(EvictionPolicies.AllKeysRandom)]
    public void PermanentKeysUnderAnAllKeysPolicyCanBeEvicted(string policy)
    {
        var finding = Assert.Single(Advise(Report(policy, keys: 10, keysWithTtl: 3)));

        Assert.Equal((EvictionSeverity.Warning, Codes.PermanentKeysEvictable), (finding.Severity, finding.Code));
        Assert.Contains("7 of 10 keys have no TTL", finding.Message, StringComparison.Ordinal);
        Assert.Contains(policy, finding.Message, StringComparison.Ordinal);
        Assert.Contains("volatile-lru", finding.Recommendation, StringComparison.Ordinal);
        Assert.Contains("volatile-ttl", finding.Recommendation, StringComparison.Ordinal);
        Assert.Contains("separate Redis", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectedPermanentKeysUnderAnAllKeysPolicyAreAWarningBeforeAnyExists()
    {
        var finding = Assert.Single(Advise(Report(EvictionPolicies.AllKeysLru, keys: 5, keysWithTtl: 5), permanentKeysExpected: true));

        Assert.Equal(Codes.PermanentKeysEvictable, finding.Code);
        Assert.StartsWith("Keys without a TTL are expected", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EvictionPolicies.NoEviction)]
    [InlineData(EvictionPolicies.VolatileLru)]
    [InlineData(EvictionPolicies.VolatileTtl)]
    public void PermanentKeysAreSafeUnderPoliciesThatDoNotEvictThem(string policy) =>
        Assert.DoesNotContain(
            Advise(Report(policy, keys: 10, keysWithTtl: 3), permanentKeysExpected: true),
            finding => finding.Code == Codes.PermanentKeysEvictable);

    [Theory]
    [InlineData(0.91)]
    [InlineData(1.0)]
    public void NoEvictionAbove90PercentOfMaxMemoryIsCritical(double usedShare)
    {
        var finding = Assert.Single(Advise(Report(EvictionPolicies.NoEviction, used: (long)(Limit * usedShare))));

        Assert.Equal((EvictionSeverity.Critical, Codes.WritesAboutToFail), (finding.Severity, finding.Code));
        Assert.Contains($"{usedShare * 100:0}% of maxmemory", finding.Message, StringComparison.Ordinal);
        Assert.Contains("writes will start failing", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoEvictionAtExactly90PercentIsNotYetCritical() =>
        Assert.Empty(Advise(Report(EvictionPolicies.NoEviction, used: Limit * 9 / 10)));

    [Fact]
    public void AnEvictingPolicyNearlyFullIsNotCritical() =>
        Assert.Empty(Advise(Report(EvictionPolicies.AllKeysLru, used: Limit, keys: 5, keysWithTtl: 5)));

    [Theory]
    [InlineData(EvictionPolicies.NoEviction)]
    [InlineData(EvictionPolicies.AllKeysLru)]
    public void NoMaxMemoryIsAWarningThatRedisGrowsUntilTheMachineRunsOut(string policy)
    {
        var finding = Assert.Single(Advise(Report(policy, maxMemory: 0, used: 50 * Limit)));

        Assert.Equal((EvictionSeverity.Warning, Codes.NoMemoryLimit), (finding.Severity, finding.Code));
        Assert.Contains("runs out of memory", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Set maxmemory", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void EvictedKeysAreReportedAsInfoWithTheCount()
    {
        var finding = Assert.Single(Advise(Report(EvictionPolicies.AllKeysLru, evicted: 12345)));

        Assert.Equal((EvictionSeverity.Info, Codes.KeysEvicted), (finding.Severity, finding.Code));
        Assert.StartsWith("12,345 keys have been evicted", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(EvictionPolicies.VolatileLru)]
    [InlineData(EvictionPolicies.VolatileLfu)]
    [InlineData(EvictionPolicies.VolatileRandom)]
    [InlineData(EvictionPolicies.VolatileTtl)]
    public void AVolatilePolicyWithNoKeyThatHasATtlCanEvictNothing(string policy)
    {
        var finding = Assert.Single(Advise(Report(policy, keys: 8, keysWithTtl: 0)));

        Assert.Equal((EvictionSeverity.Warning, Codes.NothingEvictable), (finding.Severity, finding.Code));
        Assert.Contains("behaves like noeviction", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AVolatilePolicyWithOneKeyThatHasATtlHasSomethingToEvict() =>
        Assert.Empty(Advise(Report(EvictionPolicies.VolatileTtl, keys: 8, keysWithTtl: 1)));

    [Fact]
    public void AnEmptyServerUnderAVolatilePolicyIsNotWarnedAbout() =>
        Assert.Empty(Advise(Report(EvictionPolicies.VolatileLru, keys: 0, keysWithTtl: 0)));

    [Fact]
    public void FindingsComeMostSevereFirst()
    {
        var findings = Advise(Report(EvictionPolicies.NoEviction, used: Limit, evicted: 1), permanentKeysExpected: true);
        var withoutLimit = Advise(Report(EvictionPolicies.AllKeysLru, maxMemory: 0, evicted: 1, keys: 3, keysWithTtl: 0));

        Assert.Equal([Codes.WritesAboutToFail, Codes.KeysEvicted], findings.Select(finding => finding.Code));
        Assert.Equal(
            [Codes.PermanentKeysEvictable, Codes.NoMemoryLimit, Codes.KeysEvicted],
            withoutLimit.Select(finding => finding.Code));
    }

    [Fact]
    public void TheRealServerThatEvictedUnderAllKeysLruIsWarnedAboutItsPermanentKeys()
    {
        var report = RedisMemoryReport.Parse(CapturedInfo.MemoryFull, CapturedInfo.StatsFull, CapturedInfo.KeyspaceFull);

        Assert.Equal([Codes.PermanentKeysEvictable, Codes.KeysEvicted], Advise(report).Select(finding => finding.Code));
    }

    [Fact]
    public void TheRealFreshServerIsWarnedAboutHavingNoLimitOnly()
    {
        var report = RedisMemoryReport.Parse(CapturedInfo.MemoryEmpty, CapturedInfo.StatsEmpty, CapturedInfo.KeyspaceEmpty);

        Assert.Equal([Codes.NoMemoryLimit], Advise(report, permanentKeysExpected: true).Select(finding => finding.Code));
    }

    [Fact]
    public void OnAClusterARuleThatHoldsOnOneShardIsOneFindingThatSaysOnHowMany()
    {
        var report = RedisMemoryReport.Combine(
        [
            Report(EvictionPolicies.NoEviction, used: Limit / 2),
            Report(EvictionPolicies.NoEviction, used: Limit * 95 / 100),
            Report(EvictionPolicies.NoEviction, used: Limit / 3),
        ]);

        var finding = Assert.Single(Advise(report));

        // Together the shards are far from full; the fullest refuses writes first.
        Assert.Equal((Limit * 3, 0.95), (report.MaxMemoryBytes, report.UsedMemoryRatio));
        Assert.Equal((EvictionSeverity.Critical, Codes.WritesAboutToFail), (finding.Severity, finding.Code));
        Assert.StartsWith("On 1 of 3 shards (the first's figures): Redis uses 95% of maxmemory", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnAClusterShardsUnderDifferentPoliciesAreAWarning()
    {
        var report = RedisMemoryReport.Combine(
        [
            Report(EvictionPolicies.VolatileLru, keys: 5, keysWithTtl: 5),
            Report(EvictionPolicies.AllKeysLru, keys: 5, keysWithTtl: 5),
            Report(EvictionPolicies.VolatileLru, keys: 5, keysWithTtl: 5),
        ]);

        var finding = Assert.Single(Advise(report));

        Assert.Equal((EvictionSeverity.Warning, Codes.ShardPoliciesDiffer), (finding.Severity, finding.Code));
        Assert.Contains("volatile-lru on 2, allkeys-lru on 1", finding.Message, StringComparison.Ordinal);
    }

    private static RedisMemoryReport Report(
        string policy, long maxMemory = Limit, long used = Limit / 2, long evicted = 0, long keys = 0, long keysWithTtl = 0) =>
        new(maxMemory, policy, used, used, evicted, ExpiredKeys: 0,
            keys == 0 ? [] : [new KeyspaceDatabase(0, keys, keysWithTtl, TimeSpan.FromMinutes(5))]);
}
