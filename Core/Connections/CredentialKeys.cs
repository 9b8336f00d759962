namespace RedisAspire.Core.Connections;

/// <summary>Service keys of each server's <see cref="Credentials.IServerCredentialSource"/> and <see cref="Credentials.RenewingCredential"/>.</summary>
public static class CredentialKeys
{
    /// <summary>Every Redis connection (one identity for both instances of the two-instance layout).</summary>
    public const string Redis = "redis";

    /// <summary>The PostgreSQL data source.</summary>
    public const string Postgres = "postgres";
}
