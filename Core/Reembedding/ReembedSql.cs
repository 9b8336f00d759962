using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Reembedding;

/// <summary>
/// The statements of a re-embedding, between the live version's table and the one being built; the tables are names of
/// <see cref="ColdTierTables"/>, every value a positional parameter.
/// </summary>
internal static class ReembedSql
{
    /// <summary>
    /// Keeps two builds from running at once on any replica, for as long as the session holding it lives: a Worker that
    /// dies mid-build lets another take over.
    /// </summary>
    public const string TryLock = "SELECT pg_try_advisory_lock(hashtext('redisaspire.reembed'), hashtext(current_schema()))";

    /// <summary>Releases <see cref="TryLock"/>.</summary>
    public const string Unlock = "SELECT pg_advisory_unlock(hashtext('redisaspire.reembed'), hashtext(current_schema()))";

    /// <summary>Whether <paramref name="table"/> exists.</summary>
    public static string TableExists(string table) => $"SELECT to_regclass('{table}') IS NOT NULL";

    /// <summary>
    /// The building version's table, shaped as the live one (its columns, defaults and NOT NULLs) but with vectors of
    /// <paramref name="dimensions"/>; indexes come after: the primary key now, the HNSW index once it is filled.
    /// </summary>
    public static string CreateTable(string live, string building, int dimensions) => $"""
        CREATE TABLE {building} (LIKE {live} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
        ALTER TABLE {building} ALTER COLUMN embedding TYPE vector({dimensions});
        ALTER TABLE {building} ADD PRIMARY KEY (id)
        """;

    /// <summary>Rows of the live table, how many of them carry no text to embed, and rows the new table holds already (a build resumed).</summary>
    public static string CountRows(string live, string building) =>
        $"SELECT count(*), count(*) FILTER (WHERE body IS NULL), (SELECT count(*) FROM {building}) FROM {live}";

    /// <summary>Removes from the building table the rows the live one no longer has; returns their ids and tenants.</summary>
    public static string DeleteGone(string live, string building) => $"""
        DELETE FROM {building} AS b WHERE NOT EXISTS (SELECT 1 FROM {live} AS l WHERE l.id = b.id) RETURNING b.id, b.tenant
        """;

    /// <summary>
    /// The next $2 rows after id $1 that the building table lacks, or holds with other text or fields: what the
    /// version's upsert would rewrite. Dates alone are not compared, as the upsert does not rewrite for them.
    /// </summary>
    public static string Differences(string live, string building) => $"""
        SELECT l.id, l.tenant, l.language, l.title, l.body, l.metadata, l.updated_at, l.content_hash, l.document_id
        FROM {live} AS l LEFT JOIN {building} AS b ON b.id = l.id
        WHERE l.id > $1
          AND (b.id IS NULL
               OR (l.content_hash, l.tenant, l.language, l.title, l.metadata, l.document_id)
                  IS DISTINCT FROM (b.content_hash, b.tenant, b.language, b.title, b.metadata, b.document_id))
        ORDER BY l.id
        LIMIT $2
        """;

    /// <summary>Drops a retired version's table.</summary>
    public static string DropTable(string table) => $"DROP TABLE IF EXISTS {table}";
}
