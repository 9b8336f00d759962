namespace RedisAspire.AppHost.LocalServers;

/// <summary>A PostgreSQL installation with pgvector (0.5 or later: HNSW indexes).</summary>
/// <param name="BinDirectory">The directory of <c>postgres</c> and <c>initdb</c>, as a path inside <paramref name="Root"/>.</param>
public sealed record PostgresInstallation(ServerRoot Root, string BinDirectory, Version Version, Version PgvectorVersion)
{
    /// <summary>The first pgvector with HNSW indexes.</summary>
    public static readonly Version MinimumPgvectorVersion = new(0, 5, 0);

    public string Postgres => $"{BinDirectory}/postgres";

    public string InitDb => $"{BinDirectory}/initdb";
}
