using Npgsql;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

internal sealed partial class PostgresColdTier
{
    /// <summary>
    /// Applies the schema steps not applied yet, in one transaction under an advisory lock, so replicas starting
    /// together neither race nor fail; then checks that the table fits the schema. Returns how many steps it applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// The table holds vectors of another dimension, or its HNSW index serves another metric, or a step failed.
    /// </exception>
    public Task<int> MigrateAsync(CancellationToken cancellationToken) => InTransactionAsync(
        async (connection, transaction) =>
        {
            await ExecuteAsync(Command(connection, transaction, ColdTierMigrations.Lock), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(Command(connection, transaction, ColdTierMigrations.CreateLedger), cancellationToken).ConfigureAwait(false);
            var applied = (await ReadAsync(Command(connection, transaction, ColdTierMigrations.AppliedVersions), reader => reader.GetInt32(0), cancellationToken)
                .ConfigureAwait(false)).ToHashSet();
            var pending = Migrations.Where(migration => !applied.Contains(migration.Version)).OrderBy(migration => migration.Version).ToList();
            foreach (var migration in pending)
            {
                try
                {
                    await ExecuteAsync(Command(connection, transaction, migration.Sql), cancellationToken).ConfigureAwait(false);
                }
                catch (PostgresException exception)
                {
                    throw new InvalidOperationException(
                        $"Cold tier migration {migration.Version} ({migration.Description}) failed: {exception.MessageText}. Statement: {migration.Sql}", exception);
                }

                await ExecuteAsync(
                    Command(connection, transaction, ColdTierMigrations.Record, Integer(migration.Version), Text(migration.Description)),
                    cancellationToken).ConfigureAwait(false);
            }

            await RequireTableFitsSchemaAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            return pending.Count;
        },
        cancellationToken);

    private async Task RequireTableFitsSchemaAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var dimension = await ScalarAsync(Command(connection, transaction, ColdTierMigrations.TableDimension(Table)), cancellationToken).ConfigureAwait(false);
        if (dimension is int actual && actual != Schema.Dimension)
        {
            throw new InvalidOperationException(
                $"The cold tier's table {Table} holds vectors of {actual} dimensions, but the schema expects {Schema.Dimension} " +
                $"(Vectors settings and embedding model). Changing the dimension needs every document re-embedded, which the cold tier does not do: " +
                $"use a model of {actual} dimensions, or another database.");
        }

        var operatorClass = ColdTierDistance.OperatorClass(Schema.Metric);
        var index = await ScalarAsync(Command(connection, transaction, ColdTierMigrations.VectorIndexDefinition(Table)), cancellationToken).ConfigureAwait(false);
        if (index is string definition && !definition.Contains(operatorClass, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"The cold tier's HNSW index {ColdTierMigrations.VectorIndexName(Table)} does not serve metric {Schema.Metric} ({operatorClass}): {definition}. " +
                "Queries would scan the whole table; drop the index to have it created again for the new metric.");
        }
    }
}
