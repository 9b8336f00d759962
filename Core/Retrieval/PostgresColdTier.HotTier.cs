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

    /// <summary>
    /// The newest documents a refresh may choose, without texts and vectors: the <paramref name="count"/> newest of
    /// tenants without a cap in <paramref name="caps"/>, and each capped tenant's newest up to its cap, so a tenant
    /// whose cap is full never crowds others' newest out of the candidates. Not in any order.
    /// </summary>
    internal async Task<IReadOnlyList<HotSetCandidate>> ReadNewestCandidatesAsync(
        int count, IReadOnlyDictionary<string, int> caps, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(caps);
        var candidates = new List<HotSetCandidate>();
        if (count == 0)
        {
            return candidates;
        }

        candidates.AddRange(await ReadAsync(
            Command(dataSource, ColdTierSql.NewestCandidates(Table), Integer(count), TextArray(caps.Keys)), ReadCandidate, cancellationToken).ConfigureAwait(false));
        foreach (var (tenant, cap) in caps.Where(cap => cap.Value > 0))
        {
            candidates.AddRange(await ReadAsync(
                Command(dataSource, ColdTierSql.NewestCandidatesOfTenant(Table), Integer(Math.Min(cap, count)), Text(tenant)), ReadCandidate, cancellationToken).ConfigureAwait(false));
        }

        return candidates;
    }

    private static HotSetCandidate ReadCandidate(Npgsql.NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), UpdatedAt: reader.GetFieldValue<DateTimeOffset>(2));
}
