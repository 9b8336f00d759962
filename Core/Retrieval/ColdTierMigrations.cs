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

    /// <summary>The name of the HNSW index, checked against the schema's metric at start-up.</summary>
    public const string VectorIndexName = "documents_embedding_hnsw";

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

    /// <summary>The dimension of documents.embedding (pgvector keeps it as the type modifier); no row when there is no table.</summary>
    public const string TableDimension = """
        SELECT atttypmod FROM pg_attribute
        WHERE attrelid = to_regclass('documents') AND attname = 'embedding' AND NOT attisdropped
        """;

    /// <summary>The definition of the HNSW index; no row when it does not exist.</summary>
    public const string VectorIndexDefinition = $"SELECT pg_get_indexdef(to_regclass('{VectorIndexName}')) WHERE to_regclass('{VectorIndexName}') IS NOT NULL";

    /// <summary>The steps for <paramref name="schema"/>; only numbers the schema validated enter the text.</summary>
    public static IReadOnlyList<ColdTierMigration> For(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        RequirePgvectorHnsw(schema);
        return
        [
            new(1, "documents table", $$"""
                CREATE TABLE IF NOT EXISTS documents (
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
            new(2, $"HNSW index ({ColdTierDistance.OperatorClass(schema.Metric)})",
                $"CREATE INDEX IF NOT EXISTS {VectorIndexName} ON documents USING hnsw (embedding {ColdTierDistance.OperatorClass(schema.Metric)}){HnswOptions(schema)}"),
            new(3, "filter indexes", """
                CREATE INDEX IF NOT EXISTS documents_tenant ON documents (tenant);
                CREATE INDEX IF NOT EXISTS documents_language ON documents (language);
                CREATE INDEX IF NOT EXISTS documents_updated_at ON documents (updated_at)
                """),

            // Which source document a row is a chunk of, so a document's chunks are found, compared and deleted
            // together. Existing rows are backfilled from their ids: a chunk id is {document}#{index}, so only a
            // numeric suffix is cut ('faq#returns' stays a document of its own). The column stays nullable: a replica
            // still running the previous version may insert rows without it during a rolling upgrade, and the cold
            // tier reads such a row as a whole document. The index is built after the backfill, not maintained by it.
            new(4, "document_id column and index", """
                ALTER TABLE documents ADD COLUMN IF NOT EXISTS document_id text;
                UPDATE documents SET document_id = coalesce(substring(id from '^(.+)#[0-9]+$'), id) WHERE document_id IS NULL;
                CREATE INDEX IF NOT EXISTS documents_document_id ON documents (document_id)
                """),
        ];
    }

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
