namespace RedisAspire.Core.Answers.Semantic;

/// <summary>The settings that apply to one tenant: its overrides over the section's defaults.</summary>
/// <param name="Threshold">The largest cosine distance (1 - cosine) that still counts as the same question.</param>
/// <param name="MaxEntries">The most entries the tenant keeps.</param>
/// <param name="Expiration">Fixed or Sliding.</param>
/// <param name="TimeToLive">Fixed: the lifetime. Sliding: the window each hit renews.</param>
/// <param name="MaxLifetime">The lifetime no entry outlives: TimeToLive when Fixed, the sliding cap when Sliding.</param>
public sealed record SemanticTenantPolicy(
    double Threshold,
    int MaxEntries,
    SemanticExpiration Expiration,
    TimeSpan TimeToLive,
    TimeSpan MaxLifetime);
