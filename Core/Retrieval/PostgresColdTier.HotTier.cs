using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>The documents with these ids, as the hot tier holds them, in the order asked; ids the cold tier lacks are left out.</summary>
    public async Task<IReadOnlyList<VectorDocument>> ReadForHotTierAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var distinct = VectorDocument.ValidateIds(ids);
        if (distinct.Length == 0)
        {
            return [];
        }

        var rows = await ReadRowsAsync(ColdTierSql.GetMany(Table), [TextArray(distinct)], cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(row => row.Id, StringComparer.Ordinal);
        return [.. distinct.Where(byId.ContainsKey).Select(id => byId[id].ToVectorDocument(Schema))];
    }

    /// <summary>
    /// The <paramref name="count"/> most recently updated documents, of <paramref name="tenant"/> only when it is
    /// given, newest first, as the hot tier holds them: what a cold start loads before any query has been asked.
    /// </summary>
    public async Task<IReadOnlyList<VectorDocument>> ReadNewestForHotTierAsync(int count, string? tenant, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (tenant is not null && string.IsNullOrWhiteSpace(tenant))
        {
            throw new ArgumentException("tenant must not be empty.", nameof(tenant));
        }

        var limit = Integer(count);
        var rows = tenant is null
            ? await ReadRowsAsync(ColdTierSql.Newest(Table), [limit], cancellationToken).ConfigureAwait(false)
            : await ReadRowsAsync(ColdTierSql.NewestOfTenant(Table), [limit, Text(tenant)], cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => row.ToVectorDocument(Schema))];
    }
}
