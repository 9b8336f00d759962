namespace RedisAspire.Core.Connections;

/// <summary>The names of the PostgreSQL connections: connection strings (<c>ConnectionStrings:name</c>) and AppHost resources.</summary>
public static class PostgresConnectionNames
{
    /// <summary>The primary: every write, every migration and every read that must see its own writes; the unkeyed <c>NpgsqlDataSource</c>.</summary>
    public const string Primary = "db";

    /// <summary>
    /// The suffix of the optional read replica's connection string beside the primary's (<c>db-read</c> beside <c>db</c>).
    /// </summary>
    public const string ReadSuffix = "-read";

    /// <summary>
    /// The cold tier's searches, keyed by this name: a streaming read replica of the primary when
    /// <c>ConnectionStrings:db-read</c> is set, else the primary's own data source (the same instance).
    /// </summary>
    public const string Read = Primary + ReadSuffix;
}
