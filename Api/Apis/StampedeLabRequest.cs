using RedisAspire.Core.Caching;

namespace RedisAspire.Api.Apis;

/// <summary>The body of <c>POST /cache/stampede-lab</c>.</summary>
/// <param name="Callers">Concurrent requests, 1 to 1,000.</param>
/// <param name="Replicas">Cache instances standing in for Api replicas, 1 to 8 (default 4).</param>
/// <param name="FactoryMilliseconds">How long the factory takes, 1 to 5,000 (default 200).</param>
/// <param name="Protection"><c>none</c>, <c>earlyRecompute</c>, <c>distributedLock</c>, or both of the last two comma-separated.</param>
/// <param name="UseL1">Keep in-process copies.</param>
/// <param name="Strategy"><c>fixed</c> (default), <c>sliding</c> or <c>invalidation</c>.</param>
/// <param name="TimeToLiveSeconds">The lifetime, window or safety lifetime, above 0 (default 60; none for invalidation when null).</param>
public sealed record StampedeLabRequest(
    int Callers = 200,
    int Replicas = 4,
    int FactoryMilliseconds = 200,
    string Protection = "distributedLock",
    bool UseL1 = false,
    string Strategy = "fixed",
    double? TimeToLiveSeconds = 60)
{
    public StampedeLabRun ToRun() => new(
        Callers, Replicas, FactoryMilliseconds, ParseProtection(Protection)!.Value, UseL1, ParseStrategy(Strategy)!.Value,
        TimeToLiveSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);

    /// <summary>The strategy named, or null when unknown.</summary>
    public static ExpirationStrategy? ParseStrategy(string? text) =>
        Enum.TryParse<ExpirationStrategy>(text, ignoreCase: true, out var strategy) && Enum.IsDefined(strategy) ? strategy : null;

    /// <summary>The protection named, or null when a name is unknown.</summary>
    public static StampedeProtection? ParseProtection(string? text)
    {
        var protection = StampedeProtection.None;
        foreach (var name in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<StampedeProtection>(name, ignoreCase: true, out var flag) || !Enum.IsDefined(flag))
            {
                return null;
            }

            protection |= flag;
        }

        return protection;
    }
}
