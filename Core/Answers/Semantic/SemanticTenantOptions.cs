namespace RedisAspire.Core.Answers.Semantic;

/// <summary>
/// One tenant's overrides (<c>Answers:Semantic:Tenants:{tenant}</c>); a setting left unset takes the section's default.
/// </summary>
public sealed class SemanticTenantOptions
{
    /// <summary>The largest cosine distance between two questions that still counts as the same question.</summary>
    public double? Threshold { get; set; }

    /// <summary>The most entries the tenant keeps; past it, the oldest are dropped.</summary>
    public int? MaxEntries { get; set; }

    /// <summary>Fixed or Sliding.</summary>
    public SemanticExpiration? Expiration { get; set; }

    /// <summary>Fixed: the lifetime. Sliding: the window each hit renews.</summary>
    public TimeSpan? TimeToLive { get; set; }

    /// <summary>Sliding only: the lifetime no amount of hits extends past.</summary>
    public TimeSpan? MaxLifetime { get; set; }
}
