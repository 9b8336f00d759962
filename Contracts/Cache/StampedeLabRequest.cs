using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>The body of <c>POST /cache/stampede-lab</c>; every field may be left out.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StampedeLabRequest
{
    /// <summary>Concurrent requests, 1 to 1,000.</summary>
    public int Callers { get; init; } = 200;

    /// <summary>Cache instances standing in for Api replicas, 1 to 8.</summary>
    public int Replicas { get; init; } = 4;

    /// <summary>How long the factory takes, 1 to 5,000 milliseconds.</summary>
    public int FactoryMilliseconds { get; init; } = 200;

    /// <summary><c>none</c>, <c>earlyRecompute</c>, <c>distributedLock</c>, or both of the last two comma-separated.</summary>
    public string Protection { get; init; } = "distributedLock";

    /// <summary>Keep in-process copies.</summary>
    public bool UseL1 { get; init; }

    /// <summary><c>fixed</c>, <c>sliding</c> or <c>invalidation</c>.</summary>
    public string Strategy { get; init; } = "fixed";

    /// <summary>The lifetime, window or safety lifetime, in seconds, above 0; null for none (invalidation only).</summary>
    public double? TimeToLiveSeconds { get; init; } = 60;
}

/// <summary>What a stampede lab run did.</summary>
/// <param name="Run">The run as it was made.</param>
/// <param name="FactoryRuns">How many times the factory ran: 1 is full protection.</param>
/// <param name="Outcomes">Callers by where their value came from.</param>
/// <param name="P50Milliseconds">The median caller's latency.</param>
/// <param name="P90Milliseconds">The 90th percentile latency.</param>
/// <param name="P99Milliseconds">The 99th percentile latency.</param>
/// <param name="MaxMilliseconds">The slowest caller's latency.</param>
/// <param name="ElapsedMilliseconds">The whole run's duration.</param>
public sealed record StampedeLabResponse(
    StampedeLabRun Run,
    int FactoryRuns,
    IReadOnlyDictionary<string, int> Outcomes,
    double P50Milliseconds,
    double P90Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    double ElapsedMilliseconds);

/// <summary>A stampede lab run's settings, defaults applied.</summary>
/// <param name="Callers">Concurrent requests.</param>
/// <param name="Replicas">Cache instances.</param>
/// <param name="FactoryMilliseconds">How long the factory took.</param>
/// <param name="Protection">The protections on, comma-separated (<c>None</c> when none).</param>
/// <param name="UseL1">Whether in-process copies were kept.</param>
/// <param name="Strategy">The expiration strategy.</param>
/// <param name="TimeToLive">The lifetime, window or safety lifetime; null for none.</param>
public sealed record StampedeLabRun(
    int Callers, int Replicas, int FactoryMilliseconds, string Protection, bool UseL1, ExpirationStrategy Strategy, TimeSpan? TimeToLive);
