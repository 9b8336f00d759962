namespace RedisAspire.Core.Caching;

/// <summary>What a stampede cost.</summary>
/// <param name="FactoryRuns">Factory executions in all replicas: the load on the data source.</param>
/// <param name="Outcomes">Callers per outcome.</param>
public sealed record StampedeLabResult(
    StampedeLabRun Run,
    int FactoryRuns,
    IReadOnlyDictionary<string, int> Outcomes,
    double P50Milliseconds,
    double P90Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    double ElapsedMilliseconds);
