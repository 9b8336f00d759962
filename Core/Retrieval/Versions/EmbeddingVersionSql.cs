namespace RedisAspire.Core.Retrieval;

/// <summary>The statements of the embedding versions' ledger; every value is a positional parameter.</summary>
internal static class EmbeddingVersionSql
{
    /// <summary>
    /// The ledger. The partial unique indexes are what makes "one live version, one build at a time" hold on every
    /// replica: a second build is refused by PostgreSQL itself.
    /// </summary>
    public const string CreateTable = """
        CREATE TABLE IF NOT EXISTS embedding_versions (
            version integer PRIMARY KEY,
            provider text NOT NULL,
            model text NOT NULL,
            dimensions integer NOT NULL,
            table_name text NOT NULL UNIQUE,
            state text NOT NULL CHECK (state IN ('Building', 'Live', 'Retiring', 'Retired', 'Failed')),
            created_at timestamptz NOT NULL DEFAULT now(),
            switched_at timestamptz,
            retired_at timestamptz,
            rows_total bigint,
            rows_done bigint NOT NULL DEFAULT 0,
            error text);
        CREATE UNIQUE INDEX IF NOT EXISTS embedding_versions_one_live ON embedding_versions ((true)) WHERE state = 'Live';
        CREATE UNIQUE INDEX IF NOT EXISTS embedding_versions_one_building ON embedding_versions ((true)) WHERE state = 'Building'
        """;

    /// <summary>Whether the ledger exists yet (it does once migration 5 ran).</summary>
    public const string Exists = "SELECT to_regclass('embedding_versions') IS NOT NULL";

    /// <summary>The columns of <see cref="EmbeddingVersion"/>, in its order.</summary>
    public const string Columns = "version, provider, model, dimensions, table_name, state, created_at, switched_at, retired_at, rows_total, rows_done, error";

    /// <summary>Every version, oldest first.</summary>
    public const string All = $"SELECT {Columns} FROM embedding_versions ORDER BY version";

    /// <summary>
    /// Records the first version ($1 provider, $2 model, $3 dimensions) as live over the first table, unless any version is
    /// recorded. The Api and the Worker start together on a new database: the one whose insert comes second finds the
    /// other's row and inserts nothing, rather than failing its start on the primary key.
    /// </summary>
    public const string RecordFirst = $"""
        INSERT INTO embedding_versions (version, provider, model, dimensions, table_name, state, switched_at)
        SELECT 1, $1, $2, $3, '{ColdTierTables.First}', 'Live', now()
        WHERE NOT EXISTS (SELECT 1 FROM embedding_versions)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>
    /// Starts a build of the next version ($1 provider, $2 model, $3 dimensions); returns it. Fails on the
    /// one-build index when another build is recorded.
    /// </summary>
    public const string StartBuild = $"""
        WITH next AS (SELECT coalesce(max(version), 0) + 1 AS version FROM embedding_versions)
        INSERT INTO embedding_versions (version, provider, model, dimensions, table_name, state)
        SELECT version, $1, $2, $3, '{ColdTierTables.First}_v' || version, 'Building' FROM next
        RETURNING {Columns}
        """;

    /// <summary>
    /// The state of the version whose table is $1, locked against a switch until the transaction ends: every write to a
    /// cold-tier table takes it, so a switch waits for writes in flight and later writes see the new live version.
    /// </summary>
    public const string LockForWrite = "SELECT state FROM embedding_versions WHERE table_name = $1 FOR SHARE";

    /// <summary>The live and building versions, locked until the transaction ends: a switch waits here for writes in flight.</summary>
    public const string LockForSwitch = $"SELECT {Columns} FROM embedding_versions WHERE state IN ('Live', 'Building') ORDER BY version FOR UPDATE";

    /// <summary>Retires the live version; <see cref="MakeLive"/> follows in the same transaction (two statements: one live at any row's check).</summary>
    public const string RetireLive = "UPDATE embedding_versions SET state = 'Retiring' WHERE state = 'Live'";

    /// <summary>Makes the build of version $1 live.</summary>
    public const string MakeLive = "UPDATE embedding_versions SET state = 'Live', switched_at = now() WHERE version = $1 AND state = 'Building'";

    /// <summary>Records progress of version $1: $2 rows to embed in all (null keeps it), $3 rows done.</summary>
    public const string Progress = "UPDATE embedding_versions SET rows_total = coalesce($2, rows_total), rows_done = $3 WHERE version = $1";

    /// <summary>Marks the build of version $1 failed with error $2.</summary>
    public const string Fail = "UPDATE embedding_versions SET state = 'Failed', error = $2 WHERE version = $1 AND state = 'Building'";

    /// <summary>Marks version $1 retired (its table dropped).</summary>
    public const string Retire = "UPDATE embedding_versions SET state = 'Retired', retired_at = now() WHERE version = $1 AND state = 'Retiring'";
}
