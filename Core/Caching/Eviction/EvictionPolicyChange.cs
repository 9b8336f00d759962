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

    /// <summary>What is wrong, by field name (<see cref="PolicyField"/>, <see cref="MaxMemoryBytesField"/>); empty when valid.</summary>
    public IReadOnlyDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var validPolicies = string.Join(", ", EvictionPolicies.All);
        if (string.IsNullOrEmpty(Policy))
        {
            errors[PolicyField] = [$"The eviction policy is required; valid values: {validPolicies}."];
        }
        else if (!EvictionPolicies.IsKnown(Policy))
        {
            errors[PolicyField] = [$"'{Policy}' is not an eviction policy; valid values: {validPolicies}."];
        }

        if (MaxMemoryBytes is < 0 or > 0 and < MinimumMaxMemoryBytes)
        {
            errors[MaxMemoryBytesField] =
            [
                $"maxMemoryBytes must be 0 (no limit) or at least {MinimumMaxMemoryBytes.ToString(CultureInfo.InvariantCulture)} "
                + $"(1 MiB); it is {MaxMemoryBytes.Value.ToString(CultureInfo.InvariantCulture)}.",
            ];
        }

        return errors;
    }
}
