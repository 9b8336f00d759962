using System.Text;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The Redis keys of a Vector Sets index partitioned by tenant: one set per tenant, hash-tagged by index and tenant
/// (<c>{embeddings:acme}</c>) so tenants spread over a cluster's slots; one set for documents without a tenant
/// (<c>{embeddings}</c>); and, beside the latter in one slot, which tenant owns each document and which tenants have a
/// set (<c>{embeddings}:owners</c>, <c>{embeddings}:tenants</c>).
/// </summary>
/// <remarks>
/// A version of the index is named by its untenanted set's key, its target: <c>{embeddings}</c> live,
/// <c>{embeddings}:rebuild:&lt;id&gt;</c> while a rebuild fills it. Each tenant's set in a version carries the same suffix
/// (<c>{embeddings:acme}:rebuild:&lt;id&gt;</c>), so the set and its rebuilds share a slot and one <c>RENAME</c> swaps them.
/// A tenant is written into keys with every character outside <c>[A-Za-z0-9._-]</c> percent-encoded, so no tenant's key
/// can be another's, nor end the hash tag early.
/// </remarks>
internal sealed class VectorSetsKeys
{
    private readonly string indexName;

    public VectorSetsKeys(string indexName)
    {
        this.indexName = indexName;
        Live = $"{{{indexName}}}";
    }

    /// <summary>The live version's target: the key of its set of documents without a tenant, and the prefix of index-wide keys.</summary>
    public string Live { get; }

    /// <summary>A new version's target, no earlier rebuild's.</summary>
    public string NewTarget() => $"{Live}:rebuild:{Guid.NewGuid():N}";

    /// <summary>The set that holds <paramref name="tenant"/>'s documents in version <paramref name="target"/>; the untenanted set when null.</summary>
    public string Set(string target, string? tenant) =>
        tenant is null ? target : $"{{{indexName}:{Encode(tenant)}}}{target[Live.Length..]}";

    /// <summary>The hash of version <paramref name="target"/>: document id to its owner's tenant (empty for none).</summary>
    public static string Owners(string target) => $"{target}:owners";

    /// <summary>The set of tenants that have a set in version <paramref name="target"/>.</summary>
    public static string Tenants(string target) => $"{target}:tenants";

    /// <summary>The tenant as it is written into a key.</summary>
    public static string Encode(string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (tenant.All(IsPlain))
        {
            return tenant;
        }

        var encoded = new StringBuilder(tenant.Length * 3);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in tenant.EnumerateRunes())
        {
            if (rune.IsAscii && IsPlain((char)rune.Value))
            {
                encoded.Append((char)rune.Value);
                continue;
            }

            var length = rune.EncodeToUtf8(bytes);
            foreach (var part in bytes[..length])
            {
                encoded.Append('%').Append(part.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }

    private static bool IsPlain(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
