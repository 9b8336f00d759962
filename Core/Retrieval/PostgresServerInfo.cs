namespace RedisAspire.Core.Retrieval;

/// <summary>What a PostgreSQL server is and which pgvector it has.</summary>
/// <param name="Version">The <c>server_version</c>, as the server reports it (for example "17.12 (Debian 17.12-0+deb13u1)").</param>
/// <param name="PgvectorVersion">The installed <c>vector</c> extension's version in the current database; null when not created.</param>
/// <param name="PgvectorAvailableVersion">The <c>vector</c> extension version the server could install; null when it has none.</param>
public sealed record PostgresServerInfo(string Version, string? PgvectorVersion, string? PgvectorAvailableVersion)
{
    /// <summary>The first pgvector with HNSW indexes.</summary>
    public static readonly Version PgvectorMinimumVersion = new(0, 5, 0);
}
