using Npgsql;
using RedisAspire.Core.Embeddings;
using static RedisAspire.Core.Retrieval.PostgresCommands;

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
            if (!(bool)(await ScalarAsync(Command(connection, null, EmbeddingVersionSql.Exists), cancellationToken).ConfigureAwait(false))!)
            {
                return [];
            }

            return await ReadAsync(Command(connection, null, EmbeddingVersionSql.All), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The live version; null before one is recorded.</summary>
    public async Task<EmbeddingVersion?> ReadLiveAsync(CancellationToken cancellationToken) =>
        (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).SingleOrDefault(version => version.State == EmbeddingVersionState.Live);

    /// <summary>Records the first version, live over the first table, unless a version is recorded already; the live version either way.</summary>
    public async Task<EmbeddingVersion> RecordFirstAsync(EmbeddingModel model, int dimensions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await ExecuteAsync(Command(dataSource, EmbeddingVersionSql.RecordFirst, ModelParameters(model, dimensions)), cancellationToken).ConfigureAwait(false);

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
            return (await ReadAsync(Command(dataSource, EmbeddingVersionSql.StartBuild, ModelParameters(model, dimensions)), cancellationToken).ConfigureAwait(false)).Single();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            var running = (await ReadAllAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(version => version.State == EmbeddingVersionState.Building);
            throw new ReembedConflictException(running);
        }
    }

    /// <summary>Records how far the build of <paramref name="version"/> is; <paramref name="total"/> null keeps the last count.</summary>
    public Task ProgressAsync(int version, long? total, long done, CancellationToken cancellationToken) =>
        ExecuteAsync(Command(dataSource, EmbeddingVersionSql.Progress, Integer(version), BigInt(total), BigInt(done)), cancellationToken);

    /// <summary>Marks the build of <paramref name="version"/> failed, with why.</summary>
    public Task FailAsync(int version, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(Command(dataSource, EmbeddingVersionSql.Fail, Integer(version), Text(error)), cancellationToken);

    /// <summary>Marks <paramref name="version"/> retired once its table is dropped.</summary>
    public Task RetireAsync(int version, CancellationToken cancellationToken) =>
        ExecuteAsync(Command(dataSource, EmbeddingVersionSql.Retire, Integer(version)), cancellationToken);

    /// <summary>Reads rows of <see cref="EmbeddingVersionSql.Columns"/> and disposes <paramref name="command"/>.</summary>
    internal static Task<List<EmbeddingVersion>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken) =>
        PostgresCommands.ReadAsync(command, ReadVersion, cancellationToken);

    private static EmbeddingVersion ReadVersion(NpgsqlDataReader reader) => new(
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
        Error: reader.IsDBNull(11) ? null : reader.GetString(11));

    private static NpgsqlParameter[] ModelParameters(EmbeddingModel model, int dimensions) =>
        [Text(model.Provider.ToString()), Text(model.Name), Integer(dimensions)];
}
