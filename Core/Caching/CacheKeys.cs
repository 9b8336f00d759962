using System.Buffers;

namespace RedisAspire.Core.Caching;

/// <summary>
/// The Redis names of cache entries, locks, tag sets and channels, built here and nowhere else. An entry's value and
/// lock share the hash tag <c>{key}</c>, so they live in one slot on Redis Cluster and Azure Managed Redis and a script
/// may touch both.
/// </summary>
public sealed class CacheKeys(string prefix)
{
    /// <summary>The longest key or tag accepted, in characters.</summary>
    public const int MaxLength = 512;

    /// <summary>The value key: <c>PREFIX:{key}</c>.</summary>
    public string Value(string key) => $"{prefix}:{{{key}}}";

    /// <summary>The lock key: <c>PREFIX:{key}:lock</c> (same slot as the value).</summary>
    public string Lock(string key) => $"{prefix}:{{{key}}}:lock";

    /// <summary>The set of keys stored with <paramref name="tag"/>: <c>PREFIX-tag:{tag}</c>.</summary>
    public string Tag(string tag) => $"{prefix}-tag:{{{tag}}}";

    /// <summary>Marks a tag set that must never expire (an entry without expiry has the tag): <c>PREFIX-tag:{tag}:permanent</c>.</summary>
    public string PermanentTag(string tag) => $"{prefix}-tag:{{{tag}}}:permanent";

    /// <summary>A replica's last report of its counters, expiring unless renewed: <c>PREFIX-replica:ID</c>.</summary>
    public string Replica(string replicaId) => $"{prefix}-replica:{replicaId}";

    /// <summary>The ids of the replicas that reported, scored by report time (unix ms): <c>PREFIX-replicas</c>.</summary>
    public string Replicas => $"{prefix}-replicas";

    /// <summary>The pub/sub channel that carries invalidations to every replica.</summary>
    public string InvalidationChannel => $"{prefix}:invalidations";

    /// <summary>The pub/sub channel on which a lock holder announces the key it has just stored.</summary>
    public string StoredChannel => $"{prefix}:stored";

    /// <summary>Throws an <see cref="ArgumentException"/> saying what is wrong with <paramref name="key"/>.</summary>
    public static void ValidateKey(string key) => ThrowIfAny(CheckKey(key));

    /// <summary>Throws an <see cref="ArgumentException"/> saying what is wrong with <paramref name="tag"/>.</summary>
    public static void ValidateTag(string tag) => ThrowIfAny(CheckTag(tag));

    /// <summary>What is wrong with <paramref name="key"/> as a cache key; null when nothing is.</summary>
    public static InputError? CheckKey(string? key) => Check(key, "key");

    /// <summary>What is wrong with <paramref name="tag"/> as a cache tag; null when nothing is.</summary>
    public static InputError? CheckTag(string? tag) => Check(tag, "tag");

    private static InputError? Check(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new(name, $"The {name} must not be empty.");
        }

        if (value.Length > MaxLength)
        {
            return new(name, $"The {name} is {value.Length} characters long; at most {MaxLength} are allowed.");
        }

        // Braces would change the hash tag, and with it the slot, of the names built from the key; glob characters would
        // make it a pattern wherever a name is matched (SCAN MATCH, PSUBSCRIBE) rather than looked up.
        return value.AsSpan().IndexOfAny(Reserved) >= 0 || ContainsControlCharacter(value)
            ? new(name, $"The {name} must not contain braces, glob characters (* ? [ ]) or control characters.")
            : null;
    }

    private static readonly SearchValues<char> Reserved = SearchValues.Create("{}*?[]");

    private static void ThrowIfAny(InputError? error)
    {
        if (error is not null)
        {
            throw error.ToException();
        }
    }

    /// <summary>The C0 and C1 control characters (what <see cref="char.IsControl(char)"/> means), searched vectorised.</summary>
    private static bool ContainsControlCharacter(string value) =>
        value.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || value.AsSpan().ContainsAnyInRange('\u007F', '\u009F');
}
