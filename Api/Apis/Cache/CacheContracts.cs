using RedisAspire.Contracts;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Caching.Eviction;

namespace RedisAspire.Api.Apis.Cache;

/// <summary>The cache's types as the Api's contracts.</summary>
internal static class CacheContracts
{
    public static CacheEntryResponse ToContract(this CacheEntryInfo entry, InProcessCopy? copy, string replica) => new(
        entry.Key, ContractEnum.To<Contracts.ExpirationStrategy>(entry.Strategy), entry.TimeToLive, entry.StoredAt,
        entry.RecomputeDuration, entry.SizeBytes, entry.Preview, entry.Tags, copy is not null, copy?.ExpiresAt, replica);

    public static CacheCounters ToContract(this CacheStatisticsSnapshot counters) => new(
        counters.Hits, counters.Misses, counters.L1Hits, counters.FactoryRuns, counters.EarlyRecomputes, counters.LockWaits,
        counters.LockTimeouts, counters.StaleServed, counters.Bypassed, counters.InvalidationsSent, counters.InvalidationsReceived,
        counters.RedisErrors, counters.CircuitOpenings);

    public static CacheReplica ToContract(this CacheReplicaReport report) => new(
        report.Id, report.Name, report.StartedAt, report.ReportedAt, report.Counters.ToContract(), report.L1Entries);

    public static StampedeLabResponse ToContract(this StampedeLabResult result) => new(
        new Contracts.StampedeLabRun(
            result.Run.Callers, result.Run.Replicas, result.Run.FactoryMilliseconds, result.Run.Protection.ToString(), result.Run.UseL1,
            ContractEnum.To<Contracts.ExpirationStrategy>(result.Run.Strategy), result.Run.TimeToLive),
        result.FactoryRuns, result.Outcomes, result.P50Milliseconds, result.P90Milliseconds, result.P99Milliseconds,
        result.MaxMilliseconds, result.ElapsedMilliseconds);

    public static CacheEvictionResponse ToContract(this RedisMemoryReport report, CacheEvictionOptions options) => new(
        new RedisMemory(
            report.MaxMemoryBytes, report.Policy, report.UsedMemoryBytes, report.UsedMemoryPeakBytes, report.EvictedKeys,
            report.ExpiredKeys,
            [.. report.Databases.Select(database => new Contracts.KeyspaceDatabase(
                database.Database, database.Keys, database.KeysWithTtl, database.AverageTtl, database.KeysWithoutTtl))],
            report.Keys, report.KeysWithTtl, report.KeysWithoutTtl, report.UsedMemoryRatio),
        [.. EvictionAdvisor.Advise(report, options.PermanentKeysExpected).Select(finding => new Contracts.EvictionFinding(
            ContractEnum.To<Contracts.EvictionSeverity>(finding.Severity), finding.Code, finding.Message, finding.Recommendation))],
        options.AllowPolicyChanges);
}
