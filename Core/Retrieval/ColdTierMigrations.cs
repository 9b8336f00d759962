using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>The cold tier's schema as versioned steps, and the statements that apply them safely from several replicas.</summary>
internal static class ColdTierMigrations
{
    /// <summary>pgvector's bounds for HNSW's m.</summary>
    public const int MinM = 2;

    /// <summary>pgvector's largest HNSW m.</summary>
    public const int MaxM = 100;

    /// <summary>pgvector's largest HNSW ef_construction.</summary>
    public const int MaxEfConstruction = 1000;

    /// <summary>The name of <paramref name="table"/>'s HNSW index, checked against the schema's metric at start-up.</summary>
    public static string VectorIndexName(string table) => $"{table}_embedding_hnsw";

    /// <summary>
    /// Serialises migrations per database schema until the transaction ends: replicas that start together wait, then
    /// find the steps applied. The two keys are the cold tier and the schema the tables live in.
    /// </summary>
    public const string Lock = "SELECT pg_advisory_xact_lock(hashtext('redisaspire.cold-tier'), hashtext(current_schema()))";

    /// <summary>The ledger of applied steps.</summary>
    public const string CreateLedger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version integer PRIMARY KEY,
            description text NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now())
        """;

    /// <summary>The versions already applied.</summary>
    public const string AppliedVersions = "SELECT version FROM schema_migrations";

    /// <summary>Records step $1 with description $2.</summary>
    public const string Record = "INSERT INTO schema_migrations (version, description) VALUES ($1, $2)";

    /// <summary>The dimension of the table's embedding column (pgvector keeps it as the type modifier); no row when there is no table.</summary>
    public static string TableDimension(string table) => $"""
        SELECT atttypmod FROM pg_attribute
        WHERE attrelid = to_regclass('{table}') AND attname = 'embedding' AND NOT attisdropped
        """;

    /// <summary>The definition of the table's HNSW index; no row when it does not exist.</summary>
    public static string VectorIndexDefinition(string table) =>
        $"SELECT pg_get_indexdef(to_regclass('{VectorIndexName(table)}')) WHERE to_regclass('{VectorIndexName(table)}') IS NOT NULL";

    /// <summary>The HNSW index of <paramref name="table"/> for <paramref name="schema"/>'s metric and settings.</summary>
    public static string CreateVectorIndex(string table, VectorIndexSchema schema) =>
        $"CREATE INDEX IF NOT EXISTS {VectorIndexName(table)} ON {table} USING hnsw (embedding {ColdTierDistance.OperatorClass(schema.Metric)}){HnswOptions(schema)}";

    /// <summary>
    /// The steps for <paramref name="schema"/>, applied to <paramref name="table"/> (the live version's); only numbers
    /// the schema validated and a table name of <see cref="ColdTierTables"/> enter the text.
    /// </summary>
    public static IReadOnlyList<ColdTierMigration> For(VectorIndexSchema schema, string table = ColdTierTables.First)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ColdTierTables.Require(table);
        RequirePgvectorHnsw(schema);
        return
        [
            new(1, "documents table", $$"""
                CREATE TABLE IF NOT EXISTS {{table}} (
                    id text PRIMARY KEY,
                    tenant text NOT NULL,
                    language text,
                    title text,
                    body text,
                    metadata jsonb NOT NULL DEFAULT '{}',
                    updated_at timestamptz NOT NULL,
                    content_hash text NOT NULL,
                    embedding_model text NOT NULL,
                    embedding vector({{schema.Dimension}}) NOT NULL)
                """),
            new(2, $"HNSW index ({ColdTierDistance.OperatorClass(schema.Metric)})", CreateVectorIndex(table, schema)),
            new(3, "filter indexes", FilterIndexes(table)),

            // Which source document a row is a chunk of, so a document's chunks are found, compared and deleted
            // together. Existing rows are backfilled from their ids: a chunk id is {document}#{index}, so only a
            // numeric suffix is cut ('faq#returns' stays a document of its own). The column stays nullable: a replica
            // still running the previous version may insert rows without it during a rolling upgrade, and the cold
            // tier reads such a row as a whole document. The index is built after the backfill, not maintained by it.
            new(4, "document_id column and index", $"""
                ALTER TABLE {table} ADD COLUMN IF NOT EXISTS document_id text;
                UPDATE {table} SET document_id = coalesce(substring(id from '^(.+)#[0-9]+$'), id) WHERE document_id IS NULL;
                {DocumentIdIndex(table)}
                """),

            // Which embedding model version is live, which is being built, and their progress (see ReembedRunner).
            new(5, "embedding versions", EmbeddingVersionSql.CreateTable),
        ];
    }

    /// <summary>The indexes filters use, on <paramref name="table"/>.</summary>
    public static string FilterIndexes(string table) => $"""
        CREATE INDEX IF NOT EXISTS {table}_tenant ON {table} (tenant);
        CREATE INDEX IF NOT EXISTS {table}_language ON {table} (language);
        CREATE INDEX IF NOT EXISTS {table}_updated_at ON {table} (updated_at)
        """;

    /// <summary>The index that finds a source document's chunks in <paramref name="table"/>.</summary>
    public static string DocumentIdIndex(string table) => $"CREATE INDEX IF NOT EXISTS {table}_document_id ON {table} (document_id)";

    private static string HnswOptions(VectorIndexSchema schema)
    {
        var options = new List<string>();
        if (schema.M is { } m)
        {
            options.Add($"m = {m}");
        }

        if (schema.EfConstruction is { } efConstruction)
        {
            options.Add($"ef_construction = {efConstruction}");
        }

        return options.Count == 0 ? string.Empty : $" WITH ({string.Join(", ", options)})";
    }

    /// <summary>pgvector is stricter than RediSearch: m 2 to 100, ef_construction up to 1000 and at least twice m.</summary>
    private static void RequirePgvectorHnsw(VectorIndexSchema schema)
    {
        var m = schema.M ?? 16;
        if (m is < MinM or > MaxM)
        {
            throw new ArgumentException($"pgvector accepts an HNSW M from {MinM} to {MaxM}; it is {m}.", nameof(schema.M));
        }

        var efConstruction = schema.EfConstruction ?? 64;
        if (efConstruction > MaxEfConstruction || efConstruction < 2 * m)
        {
            throw new ArgumentException(
                $"pgvector accepts an HNSW EfConstruction from twice M ({2 * m}) to {MaxEfConstruction}; it is {efConstruction}.", nameof(schema.EfConstruction));
        }
    }
}
