using System.Security.Cryptography;
using System.Text;
using RedisAspire.Core.Caching;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// Names of cached search results: a key per distinct query (its vector's bytes, K, EF, tier, distance and filter, hashed) and
/// tags to drop them by: every result of the index, and those of one tenant. A tenant's results are under its
/// <see cref="TenantKeys"/> prefix, so that its callers, and only they, may look them up and drop them.
/// </summary>
internal static class SearchResultKeys
{
    /// <summary>The cache key of <paramref name="query"/>'s result on <paramref name="index"/>.</summary>
    public static string Key(string index, RetrievalQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var search = query.Search;
        var text = new StringBuilder()
            .Append(Convert.ToBase64String(VectorEncoding.ToFloat32Bytes(search.Vector))).Append('|')
            .Append(search.K).Append('|').Append(search.EfRuntime).Append('|').Append(query.Tier)
            .Append('|').Append(query.MaxDistance?.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (field, value) in search.Filter.TagConditions())
        {
            text.Append("|t:").Append(field).Append('=').Append(value.Length).Append(':').Append(value);
        }

        foreach (var (field, range) in search.Filter.RangeConditions())
        {
            text.Append("|n:").Append(field).Append('=').Append(range.Min?.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                .Append(range.MinExclusive ? "(" : "[").Append(',').Append(range.Max?.ToString("R", System.Globalization.CultureInfo.InvariantCulture))
                .Append(range.MaxExclusive ? ")" : "]");
        }

        var key = $"search:{index}:{Hash(text.ToString())}";
        return search.Filter.Tenant is { } tenant ? TenantSpace(tenant) + key : key;
    }

    /// <summary>The tag on every cached result of <paramref name="index"/>.</summary>
    public static string IndexTag(string index) => $"search:{index}";

    /// <summary>The tag on cached results of queries filtered to <paramref name="tenant"/>, or to no tenant when null.</summary>
    public static string TenantTag(string index, string? tenant) =>
        tenant is null ? $"search:{index}:any-tenant" : $"{TenantSpace(tenant)}search:{index}";

    /// <summary>
    /// The key of the primary's WAL position at the last invalidation of <paramref name="tag"/> (<see cref="ReplicaFreshness"/>),
    /// beside the result cache's keys of prefix <paramref name="keyPrefix"/>; the tag's hash tag keeps it in its own slot.
    /// </summary>
    public static string WalPosition(string keyPrefix, string tag) => $"{keyPrefix}-wal-position:{{{tag}}}";

    // A filter value that is no tenant's name (callers of Core may filter on anything) matches no tenant's documents;
    // its results are kept hashed, among the shared keys.
    private static string TenantSpace(string tenant) =>
        SourceDocument.CheckTenant(tenant) is null ? TenantKeys.Of(tenant) : $"no-tenant:{Hash(tenant)}:";

    // Tenant names and filter values are caller input: hashed, they cannot break the key's or the tag's syntax.
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
