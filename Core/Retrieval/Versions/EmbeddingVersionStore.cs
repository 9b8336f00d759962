using Npgsql;
using NpgsqlTypes;
using RedisAspire.Core.Embeddings;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The ledger of embedding versions in PostgreSQL, beside the documents it describes: which version is live, which
/// one is being built and how far. PostgreSQL's own unique indexes keep one live version and one build at a time.
/// </summary>
public sealed class EmbeddingVersionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Every version, oldest first; empty before the cold tier's migrations created the ledger.</summary>
    public async Task<IReadOnlyList<EmbeddingVersion>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (!await ExistsAsync(connection, cancellationToken).ConfigureAwait(false))
            {
                return [];
            }

            return await ReadAsync(new NpgsqlCommand(EmbeddingVersionSql.All, connection), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The live version; null before one is recorded.</summary>
    public async Task<EmbeddingVersion?> ReadLiveAsync(CancellationToken cancellationToken) =>
        (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).SingleOrDefault(version => version.State == EmbeddingVersionState.Live);

    /// <summary>Records the first version, live over the first table, unless a version is recorded already; the live version either way.</summary>
    public async Task<EmbeddingVersion> RecordFirstAsync(EmbeddingModel model, int dimensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var command = dataSource.CreateCommand(EmbeddingVersionSql.RecordFirst);
        await using (command.ConfigureAwait(false))
        {
            AddModel(command, model, dimensions);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await ReadLiveAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The embedding versions' ledger has versions but none is live.");
    }

    /// <summary>Records a build of the next version for <paramref name="model"/>.</summary>
    /// <exception cref="ReembedConflictException">Another build is recorded; it names that one.</exception>
    public async Task<EmbeddingVersion> StartBuildAsync(EmbeddingModel model, int dimensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        try
        {
            var command = dataSource.CreateCommand(EmbeddingVersionSql.StartBuild);
            await using (command.ConfigureAwait(false))
            {
                AddModel(command, model, dimensions);
                return (await ReadAsync(command, cancellationToken).ConfigureAwait(false)).Single();
            }
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            var running = (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(version => version.State == EmbeddingVersionState.Building);
            throw new ReembedConflictException(running);
        }
    }

    /// <summary>Records how far the build of <paramref name="version"/> is; <paramref name="total"/> null keeps the last count.</summary>
    public Task ProgressAsync(int version, long? total, long done, CancellationToken cancellationToken) =>
        ExecuteAsync(EmbeddingVersionSql.Progress, cancellationToken, Integer(version), BigInt(total), BigInt(done));

    /// <summary>Marks the build of <paramref name="version"/> failed, with why.</summary>
    public Task FailAsync(int version, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(EmbeddingVersionSql.Fail, cancellationToken, Integer(version), new NpgsqlParameter { Value = error, NpgsqlDbType = NpgsqlDbType.Text });

    /// <summary>Marks <paramref name="version"/> retired once its table is dropped.</summary>
    public Task RetireAsync(int version, CancellationToken cancellationToken) =>
        ExecuteAsync(EmbeddingVersionSql.Retire, cancellationToken, Integer(version));

    /// <summary>Reads rows of <see cref="EmbeddingVersionSql.Columns"/> and disposes <paramref name="command"/>.</summary>
    internal static async Task<List<EmbeddingVersion>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var versions = new List<EmbeddingVersion>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    versions.Add(new EmbeddingVersion(
                        Number: reader.GetInt32(0),
                        Model: new EmbeddingModel(Enum.Parse<EmbeddingProvider>(reader.GetString(1)), reader.GetString(2)),
                        Dimensions: reader.GetInt32(3),
                        Table: reader.GetString(4),
                        State: Enum.Parse<EmbeddingVersionState>(reader.GetString(5)),
                        CreatedAt: reader.GetFieldValue<DateTimeOffset>(6),
                        SwitchedAt: reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                        RetiredAt: reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                        RowsTotal: reader.IsDBNull(9) ? null : reader.GetInt64(9),
                        RowsDone: reader.GetInt64(10),
                        Error: reader.IsDBNull(11) ? null : reader.GetString(11)));
                }

                return versions;
            }
        }
    }

    internal static NpgsqlParameter Integer(int value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Integer };

    private static NpgsqlParameter BigInt(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static void AddModel(NpgsqlCommand command, EmbeddingModel model, int dimensions)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = model.Provider.ToString(), NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = model.Name, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(Integer(dimensions));
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(EmbeddingVersionSql.Exists, connection);
        await using (command.ConfigureAwait(false))
        {
            return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var command = dataSource.CreateCommand(sql);
        await using (command.ConfigureAwait(false))
        {
            command.Parameters.AddRange(parameters);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
