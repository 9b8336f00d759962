namespace RedisAspire.Core.Caching;

/// <summary>One stampede to run.</summary>
/// <param name="Callers">Concurrent requests for the key, spread over the replicas.</param>
/// <param name="Replicas">Cache instances standing in for Api replicas.</param>
/// <param name="FactoryMilliseconds">How long the factory takes.</param>
/// <param name="TimeToLive">The entry's lifetime (Fixed), window (Sliding) or safety lifetime (Invalidation, optional).</param>
public sealed record StampedeLabRun(
    int Callers,
    int Replicas,
    int FactoryMilliseconds,
    StampedeProtection Protection,
    bool UseL1,
    ExpirationStrategy Strategy = ExpirationStrategy.Fixed,
    TimeSpan? TimeToLive = null)
{
    /// <summary>The lifetime used when a run names none.</summary>
    public static readonly TimeSpan DefaultTimeToLive = TimeSpan.FromMinutes(1);
}
