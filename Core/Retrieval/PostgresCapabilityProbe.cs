using Npgsql;

namespace RedisAspire.Core.Retrieval;

/// <summary>Asks a PostgreSQL server for its version and its pgvector extension.</summary>
public static class PostgresCapabilityProbe
{
    private const string Sql = """
        SELECT current_setting('server_version'),
               (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
               (SELECT default_version FROM pg_available_extensions WHERE name = 'vector')
        """;

    /// <summary>Reads <c>server_version</c> and the installed and available <c>vector</c> extension versions.</summary>
    public static async Task<PostgresServerInfo> ProbeAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var command = dataSource.CreateCommand(Sql);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new PostgresServerInfo(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }
    }
}
