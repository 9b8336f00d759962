using System.Text.Json.Serialization;

namespace RedisAspire.Contracts;

/// <summary>Where a cached value came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CacheOutcome>))]
public enum CacheOutcome
{
    /// <summary>This replica's in-process copy.</summary>
    L1Hit,

    /// <summary>Redis.</summary>
    Hit,

    /// <summary>Nothing was cached: the factory (the model, the tiers) ran and its result was stored.</summary>
    Miss,

    /// <summary>An expired value, served while another caller recomputes it or because the factory failed.</summary>
    Stale,

    /// <summary>Redis was unreachable: the factory ran and nothing was stored.</summary>
    Bypassed,
}
