namespace RedisAspire.Core.Credentials;

/// <summary>The Entra ID scopes of the servers the services reach.</summary>
public static class EntraScopes
{
    /// <summary>Azure Managed Redis and Azure Cache for Redis.</summary>
    public const string Redis = "https://redis.azure.com/.default";

    /// <summary>Azure Database for PostgreSQL.</summary>
    public const string Postgres = "https://ossrdbms-aad.database.windows.net/.default";
}
