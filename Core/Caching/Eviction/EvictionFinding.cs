using System.Text.Json.Serialization;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>How much an <see cref="EvictionFinding"/> matters.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EvictionSeverity>))]
public enum EvictionSeverity
{
    /// <summary>Worth knowing; nothing is wrong.</summary>
    Info,

    /// <summary>Data can be lost or memory can run out under load.</summary>
    Warning,

    /// <summary>Writes are failing or about to fail.</summary>
    Critical,
}

/// <summary>One thing the <see cref="EvictionAdvisor"/> noticed about a Redis server's memory and eviction set-up.</summary>
/// <param name="Severity">How much it matters.</param>
/// <param name="Code">A stable kebab-case name for the rule, for dashboards and tests.</param>
/// <param name="Message">What was seen, with the numbers.</param>
/// <param name="Recommendation">What to do about it.</param>
public sealed record EvictionFinding(EvictionSeverity Severity, string Code, string Message, string Recommendation);
