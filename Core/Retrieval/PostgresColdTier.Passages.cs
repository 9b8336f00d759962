using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>
    /// The rows with these ids, text included, in the order asked; ids the cold tier lacks are left out. Hits carry
    /// only the schema's TEXT fields, so what an answer quotes is read here, from the durable copy.
    /// </summary>
    public async Task<IReadOnlyList<ColdDocument>> ReadManyAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var distinct = VectorDocument.ValidateIds(ids);
        if (distinct.Length == 0)
        {
            return [];
        }

        var rows = await ReadRowsAsync(ColdTierSql.GetMany(Table), [TextArray(distinct)], cancellationToken).ConfigureAwait(false);
        var byId = rows.ToDictionary(row => row.Id, StringComparer.Ordinal);
        return [.. distinct.Where(byId.ContainsKey).Select(id => byId[id])];
    }
}
