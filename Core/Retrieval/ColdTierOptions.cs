namespace RedisAspire.Core.Retrieval;

/// <summary>The configuration section <c>ColdTier</c>; the index settings (dimension, metric, HNSW, fields) come from <c>Vectors</c>, shared with the hot tier.</summary>
public sealed class ColdTierOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ColdTier";

    /// <summary>
    /// <c>ColdTier:MigrateOnStart</c>: whether this host applies the schema's migrations at start-up (the default).
    /// Safe on every replica; turn it off where another service owns the schema.
    /// </summary>
    public bool MigrateOnStart { get; set; } = true;
}
