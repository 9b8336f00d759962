using Npgsql;
using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>
    /// For each of <paramref name="documentIds"/>, the rows it has (its chunks, or the document itself when stored
    /// whole) with their content hashes, models and fields; an empty list for a document the cold tier lacks.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<StoredChunk>>> ReadChunkHashesAsync(
        IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        var ids = VectorDocument.ValidateIds(documentIds);
        if (ids.Length == 0)
        {
            return new Dictionary<string, IReadOnlyList<StoredChunk>>(StringComparer.Ordinal);
        }

        var command = dataSource.CreateCommand(ColdTierSql.ChunksOf(Table));
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.Add(TextArray(ids));
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                return await ReadChunksAsync(reader, ids, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Applies <paramref name="changes"/> in one transaction: each document is locked against other writers of it,
    /// its rows read again, and, unless they differ from the change's <see cref="ColdDocumentChange.Expected"/> rows,
    /// its rows written and those it no longer has deleted. <paramref name="beforeCommit"/> runs last inside the
    /// transaction, with the results, while the documents are still locked (to bring the hot tier along); when it
    /// throws, nothing is committed. Results are in the order of the changes.
    /// </summary>
    public async Task<IReadOnlyList<ColdDocumentChangeResult>> ApplyAsync(
        IReadOnlyList<ColdDocumentChange> changes,
        Func<IReadOnlyList<ColdDocumentChangeResult>, CancellationToken, Task>? beforeCommit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            ArgumentNullException.ThrowIfNull(change, nameof(changes));
            change.Validate(Schema);
        }

        if (changes.Count == 0)
        {
            return [];
        }

        return await InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                var documentIds = changes.Select(change => change.DocumentId).Distinct(StringComparer.Ordinal).ToArray();
                var current = await LockAndReadChunksAsync(connection, transaction, documentIds, cancellationToken).ConfigureAwait(false);
                var results = new ColdDocumentChangeResult?[changes.Count];
                var upserts = new List<(int Change, ColdDocument Row)>();
                var deletes = new List<(int Change, string Id)>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var index = 0; index < changes.Count; index++)
                {
                    var change = changes[index];
                    var rows = current[change.DocumentId];

                    // A second change of one document was planned from what the first one replaces.
                    if (!seen.Add(change.DocumentId) || (change.Expected is { } expected && !SameRows(expected, rows)))
                    {
                        results[index] = ColdDocumentChangeResult.Conflict(change.DocumentId);
                        continue;
                    }

                    var kept = change.ChunkIds.ToHashSet(StringComparer.Ordinal);
                    upserts.AddRange(change.Upserts.Select(row => (index, row)));
                    deletes.AddRange(rows.Where(row => !kept.Contains(row.Id)).Select(row => (index, row.Id)));
                }

                var written = (await WriteRowsAsync(connection, transaction, upserts, deletes, cancellationToken).ConfigureAwait(false))
                    .ToLookup(row => row.Change, row => row.Id);
                var deleted = deletes.ToLookup(row => row.Change, row => row.Id);
                for (var index = 0; index < changes.Count; index++)
                {
                    results[index] ??= new ColdDocumentChangeResult(changes[index].DocumentId, true, [.. written[index]], [.. deleted[index]]);
                }

                IReadOnlyList<ColdDocumentChangeResult> done = [.. results.Select(result => result!)];
                if (beforeCommit is not null)
                {
                    await beforeCommit(done, cancellationToken).ConfigureAwait(false);
                }

                return done;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every row of the source document; returns the ids of the rows deleted (none when it had none).</summary>
    public Task<IReadOnlyList<string>> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken) =>
        DeleteDocumentsAsync([documentId], cancellationToken);

    /// <summary>Deletes every row of the source documents, in one transaction; returns the ids of the rows deleted.</summary>
    public async Task<IReadOnlyList<string>> DeleteDocumentsAsync(IReadOnlyCollection<string> documentIds, CancellationToken cancellationToken)
    {
        var ids = VectorDocument.ValidateIds(documentIds);
        var results = await ApplyAsync([.. ids.Select(ColdDocumentChange.Delete)], beforeCommit: null, cancellationToken).ConfigureAwait(false);
        return [.. results.SelectMany(result => result.Deleted)];
    }

    // Rows of the same document compare as sets: the read gives them in no particular order.
    private static bool SameRows(IReadOnlyList<StoredChunk> expected, IReadOnlyList<StoredChunk> current) =>
        expected.Count == current.Count && expected.ToHashSet().SetEquals(current);

    private async Task<Dictionary<string, IReadOnlyList<StoredChunk>>> LockAndReadChunksAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] documentIds, CancellationToken cancellationToken)
    {
        // One round trip: the locks, then the read they protect.
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            new ColdTierCommand(ColdTierSql.LockDocuments, [TextArray(documentIds)]).AddTo(batch);
            new ColdTierCommand(ColdTierSql.ChunksOf(Table), [TextArray(documentIds)]).AddTo(batch);
            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                return await ReadChunksAsync(reader, documentIds, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Rows of <see cref="ColdTierSql.ChunksOf"/>, grouped by source document, with every asked document present.</summary>
    private static async Task<Dictionary<string, IReadOnlyList<StoredChunk>>> ReadChunksAsync(
        NpgsqlDataReader reader, string[] documentIds, CancellationToken cancellationToken)
    {
        var chunks = documentIds.ToDictionary(id => id, _ => new List<StoredChunk>(), StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var chunk = new StoredChunk(
                DocumentId: reader.GetString(0),
                Id: reader.GetString(1),
                ContentHash: reader.GetString(2),
                EmbeddingModel: reader.GetString(3),
                Tenant: reader.GetString(4),
                Language: reader.IsDBNull(5) ? null : reader.GetString(5),
                Title: reader.IsDBNull(6) ? null : reader.GetString(6),
                Metadata: reader.GetString(7),
                UpdatedAt: reader.GetFieldValue<DateTimeOffset>(8));
            chunks[chunk.DocumentId].Add(chunk);
        }

        return chunks.ToDictionary(entry => entry.Key, entry => (IReadOnlyList<StoredChunk>)entry.Value, StringComparer.Ordinal);
    }

    /// <summary>Writes the rows and deletes the others, a round trip per <see cref="UpsertBatch"/> rows; returns the rows actually written.</summary>
    private async Task<List<(int Change, string Id)>> WriteRowsAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        List<(int Change, ColdDocument Row)> upserts,
        List<(int Change, string Id)> deletes,
        CancellationToken cancellationToken)
    {
        var written = new List<(int Change, string Id)>();
        var slices = upserts.Chunk(UpsertBatch).ToList();
        if (slices.Count == 0 && deletes.Count > 0)
        {
            slices.Add([]);
        }

        for (var slice = 0; slice < slices.Count; slice++)
        {
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch.ConfigureAwait(false))
            {
                var commands = slices[slice].Select(upsert => ColdTierSql.UpsertCommand(Table, upsert.Row).AddTo(batch)).ToList();
                if (slice == slices.Count - 1 && deletes.Count > 0)
                {
                    new ColdTierCommand(ColdTierSql.DeleteMany(Table), [TextArray(deletes.Select(delete => delete.Id))]).AddTo(batch);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

                // An unchanged row matches no row of the upsert's DO UPDATE: 0 affected, nothing rewritten.
                written.AddRange(slices[slice].Where((_, index) => commands[index].RecordsAffected > 0).Select(upsert => (upsert.Change, upsert.Row.Id)));
            }
        }

        return written;
    }
}
