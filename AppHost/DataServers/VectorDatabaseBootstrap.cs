using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RedisAspire.AppHost.DataServers;

/// <summary>
/// Creates the application database and its <c>vector</c> extension as soon as the server accepts connections, and
/// reports the database healthy only once both exist: services that wait for it find pgvector ready. Test fixtures
/// prepare their databases with it too.
/// </summary>
public static class VectorDatabaseBootstrap
{
    public static async Task EnsureDatabaseAsync(string serverConnectionString, string databaseName, CancellationToken cancellationToken)
    {
        await using (var server = new NpgsqlConnection(serverConnectionString))
        {
            await server.OpenAsync(cancellationToken);
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", server)
            {
                Parameters = { new() { Value = databaseName } },
            };
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                // CREATE DATABASE takes no parameters; the name is quoted as an identifier.
                await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(databaseName)}", server);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var builder = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = databaseName };
        await using var database = new NpgsqlConnection(builder.ConnectionString);
        await database.OpenAsync(cancellationToken);
        await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS vector", database);
        await extension.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<HealthCheckResult> CheckAsync(string databaseConnectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(databaseConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT extversion FROM pg_extension WHERE extname = 'vector'", connection);
            return await command.ExecuteScalarAsync(cancellationToken) is string version
                ? HealthCheckResult.Healthy($"pgvector {version}")
                : HealthCheckResult.Unhealthy("the vector extension is not created yet");
        }
        catch (NpgsqlException exception)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }

    private static string QuoteIdentifier(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
