using RedisAspire.Core.Ingestion;

namespace RedisAspire.Core.Caching;

/// <summary>
/// Cache keys and tags that hold a tenant's data start with <c>tenant:NAME:</c>, and only that tenant's callers may
/// read or invalidate them; every other key is shared (embeddings, the stampede lab) and belongs to operators. Tenant
/// names are identifiers (<see cref="SourceDocument.CheckTenant"/>), so no name can pass for the start of another.
/// </summary>
public static class TenantKeys
{
    private const string Prefix = "tenant:";

    /// <summary>The start of every key and tag of <paramref name="tenant"/>'s data.</summary>
    public static string Of(string tenant)
    {
        if (SourceDocument.CheckTenant(tenant) is { } invalid)
        {
            throw invalid.ToException();
        }

        return $"{Prefix}{tenant}:";
    }

    /// <summary>The tenant whose data <paramref name="keyOrTag"/> holds; null for a shared key.</summary>
    public static string? OwnerOf(string keyOrTag)
    {
        ArgumentNullException.ThrowIfNull(keyOrTag);
        if (!keyOrTag.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = keyOrTag.IndexOf(':', Prefix.Length);
        return end > Prefix.Length ? keyOrTag[Prefix.Length..end] : null;
    }
}
