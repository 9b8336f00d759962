using Microsoft.Extensions.AI;
using Npgsql;
using RedisAspire.Core.Embeddings;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Reembedding;

/// <summary>
/// What one re-embedding copies: the live table's rows into the new version's table, embedded with its model, in passes
/// that each catch up with what writers changed since the last.
/// </summary>
internal sealed class ReembedCopy(
    NpgsqlDataSource dataSource,
    EmbeddingVersionStore store,
    string live,
    EmbeddingSpace target,
    IEmbeddingGenerator<string, Embedding<float>> generator,
    int batchSize)
{
    /// <summary>The new version's table.</summary>
    public string Building => target.Version.Table;

    /// <summary>
    /// Creates the new table when it does not exist yet; refuses rows with no text. Returns how many rows the live table
    /// has, and how many the new one holds already (a build taken over from a Worker that stopped).
    /// </summary>
    public async Task<(long Rows, long Done)> PrepareAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!(bool)(await ScalarAsync(Command(connection, null, ReembedSql.TableExists(Building)), cancellationToken).ConfigureAwait(false))!)
            {
                await ExecuteAsync(Command(connection, null, ReembedSql.CreateTable(live, Building, target.Version.Dimensions)), cancellationToken).ConfigureAwait(false);
            }

            var (rows, textless, done) = (await ReadAsync(
                Command(connection, null, ReembedSql.CountRows(live, Building)),
                reader => (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)),
                cancellationToken).ConfigureAwait(false)).Single();
            if (textless > 0)
            {
                throw new InvalidOperationException(
                    $"{textless:N0} rows of {live} carry no text (their vectors were supplied by callers), so no model can embed them again. " +
                    "Send those documents again with their text, or delete them, then re-embed.");
            }

            await store.ProgressAsync(target.Version.Number, rows, done, cancellationToken).ConfigureAwait(false);
            return (rows, done);
        }
    }

    /// <summary>
    /// One pass: removes the rows the live table no longer has, then embeds and writes, in batches, the rows the new
    /// table lacks or holds differently. On <paramref name="shared"/> and in its transaction when given (the switch's);
    /// with <paramref name="hot"/>, the new hot index follows for the rows it holds. Returns how many rows were removed
    /// or written.
    /// </summary>
    public async Task<long> PassAsync(
        NpgsqlConnection? shared, NpgsqlTransaction? transaction, IVectorIndex? hot, long progress, long total, CancellationToken cancellationToken)
    {
        var connection = shared ?? await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var gone = await ReadAsync(Command(connection, transaction, ReembedSql.DeleteGone(live, Building)), reader => reader.GetString(0), cancellationToken)
                .ConfigureAwait(false);
            if (hot is not null)
            {
                foreach (var id in gone)
                {
                    await hot.DeleteAsync(id, cancellationToken).ConfigureAwait(false);
                }
            }

            long changed = gone.Count;
            var after = string.Empty;
            while (true)
            {
                var rows = await ReadAsync(
                    Command(connection, transaction, ReembedSql.Differences(live, Building), Text(after), Integer(batchSize)),
                    ReadDifference,
                    cancellationToken).ConfigureAwait(false);
                if (rows.Count == 0)
                {
                    return changed;
                }

                var documents = await EmbedAsync(rows, cancellationToken).ConfigureAwait(false);
                await WriteAsync(connection, transaction, documents, cancellationToken).ConfigureAwait(false);
                if (hot is not null)
                {
                    var held = await hot.ContainsAsync([.. documents.Select(document => document.Id)], cancellationToken).ConfigureAwait(false);
                    foreach (var document in documents.Where(document => held.Contains(document.Id)))
                    {
                        await hot.UpsertAsync(document.ToVectorDocument(hot.Schema), cancellationToken).ConfigureAwait(false);
                    }
                }

                changed += rows.Count;
                after = rows[^1].Id;

                // Not inside the switch: its transaction holds the ledger row this would update.
                if (transaction is null)
                {
                    await store.ProgressAsync(target.Version.Number, total: null, progress + changed, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (shared is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The new table's HNSW, filter and document indexes, built once it is filled (faster than row by row).</summary>
    public async Task IndexAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            await ExecuteAsync(Command(connection, null, ColdTierMigrations.CreateVectorIndex(Building, target.Cold.Schema)), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(Command(connection, null, ColdTierMigrations.FilterIndexes(Building)), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(Command(connection, null, ColdTierMigrations.DocumentIdIndex(Building)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A row of <see cref="ReembedSql.Differences"/>, without its vector yet.</summary>
    private static ColdDocument ReadDifference(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Tenant = reader.GetString(1),
        Language = reader.IsDBNull(2) ? null : reader.GetString(2),
        Title = reader.IsDBNull(3) ? null : reader.GetString(3),
        Body = reader.GetString(4),
        Metadata = reader.GetString(5),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
        ContentHash = reader.GetString(7),
        DocumentId = reader.IsDBNull(8) ? null : reader.GetString(8),
        EmbeddingModel = string.Empty,
        Vector = [],
    };

    // Normalised as the embedding cache normalises what writers embed, so both give one text the same vector.
    private async Task<List<ColdDocument>> EmbedAsync(List<ColdDocument> rows, CancellationToken cancellationToken)
    {
        var embedded = await generator.GenerateAsync(
            rows.Select(row => EmbeddingCacheKey.Normalize(EmbeddedText.Of(row.Title, row.Body!))), cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. rows.Select((row, index) => row with { EmbeddingModel = target.Version.Model.Name, Vector = embedded[index].Vector.ToArray() })];
    }

    private async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, List<ColdDocument> documents, CancellationToken cancellationToken)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var document in documents)
            {
                ColdTierSql.UpsertCommand(Building, document).AddTo(batch);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
