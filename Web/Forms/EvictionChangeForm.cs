using System.Globalization;
using RedisAspire.Contracts;

namespace RedisAspire.Web.Forms;

/// <summary>The eviction policy form: what <c>PUT /cache/eviction</c> would refuse, checked before sending.</summary>
public sealed class EvictionChangeForm
{
    /// <summary>The policies Redis knows, caches' usual choice first.</summary>
    public static readonly IReadOnlyList<string> Policies =
    [
        "allkeys-lru", "allkeys-lfu", "allkeys-random", "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl", "noeviction",
    ];

    private const long Mebibyte = 1024 * 1024;

    public string Policy { get; set; } = "";

    /// <summary>maxmemory in MiB: empty leaves it as it is, 0 removes the limit.</summary>
    public string MaxMemoryMegabytes { get; set; } = "";

    public FormErrors Validate()
    {
        var errors = new FormErrors();
        if (!Policies.Contains(Policy))
        {
            errors.Add("policy", $"Choose one of {string.Join(", ", Policies)}.");
        }

        if (MaxMemoryMegabytes.Length > 0
            && (!long.TryParse(MaxMemoryMegabytes, NumberStyles.None, CultureInfo.InvariantCulture, out var megabytes) || megabytes > long.MaxValue / Mebibyte))
        {
            errors.Add("maxMemoryBytes", "maxmemory is a whole number of MiB: 0 for no limit, or 1 and more; leave it empty to keep it.");
        }

        return errors;
    }

    public EvictionChangeRequest ToRequest() => new()
    {
        Policy = Policy,
        MaxMemoryBytes = MaxMemoryMegabytes.Length == 0 ? null : long.Parse(MaxMemoryMegabytes, CultureInfo.InvariantCulture) * Mebibyte,
    };
}
