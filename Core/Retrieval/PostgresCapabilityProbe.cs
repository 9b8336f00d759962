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
        var rows = await PostgresCommands.ReadAsync(
            PostgresCommands.Command(dataSource, Sql),
            reader => new PostgresServerInfo(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)),
            cancellationToken).ConfigureAwait(false);
        return rows.Single();
    }
}
