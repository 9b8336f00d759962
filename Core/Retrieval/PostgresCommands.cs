using Npgsql;
using NpgsqlTypes;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The one way Core runs SQL: a statement with positional parameters on a connection (in a transaction or not) or on
/// the data source, executed for its count, its single value or its rows, the command disposed either way; and the
/// typed parameters the statements take.
/// </summary>
internal static class PostgresCommands
{
    /// <summary>A command of <paramref name="sql"/> on <paramref name="connection"/>, in <paramref name="transaction"/> when there is one.</summary>
    public static NpgsqlCommand Command(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A command of <paramref name="sql"/> on a connection of <paramref name="dataSource"/>, its own transaction.</summary>
    public static NpgsqlCommand Command(NpgsqlDataSource dataSource, string sql, params IEnumerable<NpgsqlParameter> parameters)
    {
        var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>Runs <paramref name="command"/>; how many rows it changed.</summary>
    public static async Task<int> ExecuteAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="command"/>; the first column of its first row, null when it returns none.</summary>
    public static async Task<object?> ScalarAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return value is DBNull ? null : value;
        }
    }

    /// <summary>Runs <paramref name="command"/>; each row it returns, as <paramref name="read"/> makes it.</summary>
    public static async Task<List<T>> ReadAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                var rows = new List<T>();
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(read(reader));
                }

                return rows;
            }
        }
    }

    /// <summary>A text parameter; null is SQL NULL.</summary>
    public static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    /// <summary>A text array parameter: ids for <c>= ANY($n)</c>.</summary>
    public static NpgsqlParameter TextArray(IEnumerable<string> values) =>
        new() { Value = values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    /// <summary>An integer parameter.</summary>
    public static NpgsqlParameter Integer(int value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Integer };

    /// <summary>A bigint parameter; null is SQL NULL.</summary>
    public static NpgsqlParameter BigInt(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };
}
