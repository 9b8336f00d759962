using System.Globalization;

namespace RedisAspire.Core.Caching.Eviction;

/// <summary>A requested eviction policy and, optionally, a new <c>maxmemory</c>.</summary>
/// <param name="Policy">One of <see cref="EvictionPolicies.All"/>.</param>
/// <param name="MaxMemoryBytes">The new <c>maxmemory</c> in bytes: 0 for no limit; null leaves it as it is.</param>
public sealed record EvictionPolicyChange(string? Policy, long? MaxMemoryBytes = null)
{
    /// <summary>
    /// The smallest non-zero <c>maxmemory</c> accepted (1 MiB): a smaller number is almost certainly megabytes written as
    /// bytes, and would make Redis evict nearly everything at once.
    /// </summary>
    public const long MinimumMaxMemoryBytes = 1024 * 1024;

    /// <summary>The field names used in <see cref="Validate"/>'s errors, as the JSON request spells them.</summary>
    public const string PolicyField = "policy";

    /// <inheritdoc cref="PolicyField"/>
    public const string MaxMemoryBytesField = "maxMemoryBytes";

    /// <summary>Every field that is not valid, and why.</summary>
    public IEnumerable<InputError> Errors()
    {
        var validPolicies = string.Join(", ", EvictionPolicies.All);
        if (string.IsNullOrEmpty(Policy))
        {
            yield return new(PolicyField, $"The eviction policy is required; valid values: {validPolicies}.");
        }
        else if (!EvictionPolicies.IsKnown(Policy))
        {
            yield return new(PolicyField, $"'{Policy}' is not an eviction policy; valid values: {validPolicies}.");
        }

        if (MaxMemoryBytes is < 0 or > 0 and < MinimumMaxMemoryBytes)
        {
            yield return new(
                MaxMemoryBytesField,
                $"maxMemoryBytes must be 0 (no limit) or at least {MinimumMaxMemoryBytes.ToString(CultureInfo.InvariantCulture)} "
                + $"(1 MiB); it is {MaxMemoryBytes.Value.ToString(CultureInfo.InvariantCulture)}.");
        }
    }
}
