using Npgsql;
using RedisAspire.Core.Retrieval;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>
/// A PostgreSQL schema of a test's own in the shared <c>tests</c> database. The cold tier's table names are fixed, so
/// isolation is by search path: data sources from here put this schema first (then <c>public</c>, where pgvector's
/// types live), and the <c>documents</c> and <c>schema_migrations</c> tables are created in it. Cheaper than a
/// database per test, and the advisory lock is per schema, so tests never wait on each other.
/// </summary>
internal sealed class IsolatedPostgresSchema : IAsyncDisposable
{
    private readonly string connectionString;
    private readonly List<NpgsqlDataSource> dataSources = [];

    private IsolatedPostgresSchema(string connectionString, string name)
    {
        this.connectionString = connectionString;
        Name = name;
    }

    /// <summary>The schema's name, random per test.</summary>
    public string Name { get; }

    public static async Task<IsolatedPostgresSchema> CreateAsync(string connectionString)
    {
        var schema = new IsolatedPostgresSchema(connectionString, $"cold_{Guid.NewGuid():N}");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // The name is made here from a GUID, never from input.
        await using var create = new NpgsqlCommand($"CREATE SCHEMA {schema.Name}", connection);
        await create.ExecuteNonQueryAsync();
        return schema;
    }

    /// <summary>A new data source (its own pool) whose tables resolve to this schema, with pgvector's types.</summary>
    public NpgsqlDataSource NewDataSource()
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.SearchPath = $"{Name}, public";
        builder.UseVector();
        var dataSource = builder.Build();
        dataSources.Add(dataSource);
        return dataSource;
    }

    /// <summary>A cold tier in this schema, migrated.</summary>
    public async Task<PostgresColdTier> MigratedTierAsync(VectorIndexSchema schema)
    {
        var tier = new PostgresColdTier(NewDataSource(), schema);
        await tier.MigrateAsync(CancellationToken.None);
        return tier;
    }

    /// <summary>Runs a scalar query in this schema, for checks the cold tier's API does not offer.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var command = NewDataSource().CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        var result = await command.ExecuteScalarAsync();
        return result is DBNull ? default! : (T)result!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var dataSource in dataSources)
        {
            await dataSource.DisposeAsync();
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA {Name} CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
