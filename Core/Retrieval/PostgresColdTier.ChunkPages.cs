using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>
    /// The rows <paramref name="offset"/> to <paramref name="offset"/> + <paramref name="limit"/> of source document
    /// <paramref name="documentId"/>, in chunk order, each with the first <paramref name="previewLength"/> characters of
    /// its text; the hot tier's part is left false. Null when the cold tier holds no row of it.
    /// </summary>
    public async Task<DocumentChunkPage?> ReadChunkPageAsync(
        string documentId, int offset, int limit, int previewLength, CancellationToken cancellationToken)
    {
        VectorDocument.ValidateId(documentId);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(previewLength, 1);
        var rows = await ReadAsync(
            Command(dataSource, ColdTierSql.ChunkPage(Table), Text(documentId), Integer(offset), Integer(limit), Integer(previewLength)),
            reader => (
                Total: reader.GetInt32(0),
                Tenant: reader.IsDBNull(1) ? null : reader.GetString(1),
                Chunk: reader.IsDBNull(2) ? null : new DocumentChunkSummary(
                    reader.GetString(2),
                    DocumentChunkSummary.PositionOf(documentId, reader.GetString(2)),
                    InHotTier: false,
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetInt32(4),
                    reader.GetString(5))),
            cancellationToken).ConfigureAwait(false);

        var summary = rows[0];
        return summary.Total == 0
            ? null
            : new DocumentChunkPage(documentId, summary.Tenant!, summary.Total, [.. rows.Where(row => row.Chunk is not null).Select(row => row.Chunk!)]);
    }
}
