using Npgsql;
using Pgvector;
using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The durable cold tier: every document in one PostgreSQL table with a pgvector HNSW index, searched with the hot
/// tier's filters and scored in the hot tier's units, so a two-tier retriever can merge or fall back transparently.
/// </summary>
/// <remarks>
/// The data source must have pgvector's type mapping (<c>dataSourceBuilder.UseVector()</c>). The table lives in the
/// first schema of the connection's search path. Invalid input throws <see cref="ArgumentException"/> whose ParamName
/// names the offending field, as the hot tier does.
/// </remarks>
internal sealed partial class PostgresColdTier : IVectorSearch
{
    /// <summary>Rows per round trip of an upsert: large batches stay in one transaction without one huge message.</summary>
    private const int UpsertBatch = 500;

    private readonly NpgsqlDataSource dataSource;
    private readonly ColdTierReplica? replica;

    /// <summary>
    /// A cold tier over <paramref name="dataSource"/> (the primary) for documents of <paramref name="schema"/>, in
    /// <paramref name="table"/> (one of <see cref="ColdTierTables"/>: an embedding version's table). With a
    /// <paramref name="replica"/>, searches read from it; every write and every other read stays on the primary.
    /// </summary>
    public PostgresColdTier(NpgsqlDataSource dataSource, VectorIndexSchema schema, string table = ColdTierTables.First, ColdTierReplica? replica = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(schema);
        schema.Validate();
        this.dataSource = dataSource;
        this.replica = replica;
        Schema = schema;
        Table = ColdTierTables.Require(table);
        Migrations = ColdTierMigrations.For(schema, table);
    }

    /// <summary>The schema: dimension, metric, HNSW settings and the fields filters may name.</summary>
    public VectorIndexSchema Schema { get; }

    /// <summary>The table the documents are in.</summary>
    public string Table { get; }

    private IReadOnlyList<ColdTierMigration> Migrations { get; }

    /// <summary>
    /// Adds or replaces <paramref name="documents"/> in one transaction; a document whose content hash, model and
    /// fields are unchanged is left as it is. Returns how many rows were inserted or rewritten.
    /// </summary>
    public async Task<int> UpsertAsync(IReadOnlyList<ColdDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            document.Validate(Schema);
        }

        if (documents.Count == 0)
        {
            return 0;
        }

        return await InWriteTransactionAsync(
            async (connection, transaction) =>
            {
                var changed = 0;
                foreach (var chunk in documents.Chunk(UpsertBatch))
                {
                    var batch = new NpgsqlBatch(connection, transaction);
                    await using (batch.ConfigureAwait(false))
                    {
                        foreach (var document in chunk)
                        {
                            ColdTierSql.UpsertCommand(Table, document).AddTo(batch);
                        }

                        changed += await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }
                }

                return changed;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The document, or null when there is none with that id.</summary>
    public async Task<ColdDocument?> GetAsync(string id, CancellationToken cancellationToken)
    {
        VectorDocument.ValidateId(id);
        var rows = await ReadRowsAsync(ColdTierSql.Get(Table), [Text(id)], cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Removes the document; false when there was none with that id.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        VectorDocument.ValidateId(id);
        return await InWriteTransactionAsync(
            async (connection, transaction) =>
                await ExecuteAsync(Command(connection, transaction, ColdTierSql.Delete(Table), Text(id)), cancellationToken).ConfigureAwait(false) > 0,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many documents the cold tier holds.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(Command(dataSource, ColdTierSql.Count(Table)), cancellationToken).ConfigureAwait(false))!;

    /// <summary>The model of any one row (vectors callers supplied left out); null when there is none.</summary>
    public async Task<string?> ReadAnyEmbeddingModelAsync(CancellationToken cancellationToken) =>
        await ScalarAsync(Command(dataSource, ColdTierSql.AnyEmbeddingModel(Table)), cancellationToken).ConfigureAwait(false) as string;

    /// <summary>
    /// <paramref name="work"/> in a transaction that first locks this table's embedding version against a switch, and
    /// refuses to write a table that is no longer live or being built: a writer that embedded with the old model
    /// learns that the model changed instead of writing vectors nobody reads.
    /// </summary>
    /// <exception cref="EmbeddingVersionChangedException">This table's version is retiring or retired.</exception>
    private Task<T> InWriteTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(
            async (connection, transaction) =>
            {
                var state = await ScalarAsync(Command(connection, transaction, EmbeddingVersionSql.LockForWrite, Text(Table)), cancellationToken)
                    .ConfigureAwait(false) as string;

                // No row: a database whose ledger has not recorded its first version yet, written by its only table.
                if (state is not (null or nameof(EmbeddingVersionState.Live) or nameof(EmbeddingVersionState.Building)))
                {
                    throw new EmbeddingVersionChangedException(Table, state);
                }

                return await work(connection, transaction).ConfigureAwait(false);
            },
            cancellationToken);

    private Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken) =>
        InTransactionAsync(dataSource, work, cancellationToken);

    private static async Task<T> InTransactionAsync<T>(
        NpgsqlDataSource source, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await work(connection, transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    private Task<List<ColdDocument>> ReadRowsAsync(string sql, NpgsqlParameter[] parameters, CancellationToken cancellationToken) =>
        ReadAsync(Command(dataSource, sql, parameters), ReadRow, cancellationToken);

    /// <summary>A row of <see cref="ColdTierSql.RowColumns"/>.</summary>
    private static ColdDocument ReadRow(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Tenant = reader.GetString(1),
        Language = reader.IsDBNull(2) ? null : reader.GetString(2),
        Title = reader.IsDBNull(3) ? null : reader.GetString(3),
        Body = reader.IsDBNull(4) ? null : reader.GetString(4),
        Metadata = reader.GetString(5),
        UpdatedAt = reader.GetFieldValue<DateTimeOffset>(6),
        ContentHash = reader.GetString(7),
        EmbeddingModel = reader.GetString(8),
        Vector = reader.GetFieldValue<Vector>(9).ToArray(),

        // Left unset for a whole document (its own source), so it reads back equal to how it was written.
        DocumentId = reader.IsDBNull(10) || reader.GetString(10) == reader.GetString(0) ? null : reader.GetString(10),
    };
}
