using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using Pgvector;
using RedisAspire.Core.Vectors;
using static RedisAspire.Core.Retrieval.PostgresCommands;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// The cold tier's statements, built in one place; every value is a positional parameter. The table is one of
/// <see cref="ColdTierTables"/>' names, never caller input.
/// </summary>
internal static class ColdTierSql
{
    /// <summary>pgvector's largest <c>hnsw.ef_search</c>.</summary>
    public const int MaxEfSearch = 1000;

    /// <summary>The columns of a whole row, in the order <see cref="PostgresColdTier"/> reads them.</summary>
    public const string RowColumns = "id, tenant, language, title, body, metadata, updated_at, content_hash, embedding_model, embedding, document_id";

    /// <summary>
    /// Adds or replaces a document. A row whose content, model and fields are unchanged matches no row of the
    /// DO UPDATE, so it is not rewritten: no dead tuple, no HNSW re-insert, and 0 rows affected.
    /// </summary>
    public static string Upsert(string table) => $"""
        INSERT INTO {table} AS d (id, tenant, language, title, body, metadata, updated_at, content_hash, embedding_model, embedding, document_id)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (id) DO UPDATE SET
            tenant = EXCLUDED.tenant, language = EXCLUDED.language, title = EXCLUDED.title, body = EXCLUDED.body,
            metadata = EXCLUDED.metadata, updated_at = EXCLUDED.updated_at, content_hash = EXCLUDED.content_hash,
            embedding_model = EXCLUDED.embedding_model, embedding = EXCLUDED.embedding, document_id = EXCLUDED.document_id
        WHERE (d.content_hash, d.embedding_model, d.tenant, d.language, d.title, d.metadata, d.document_id)
            IS DISTINCT FROM (EXCLUDED.content_hash, EXCLUDED.embedding_model, EXCLUDED.tenant, EXCLUDED.language, EXCLUDED.title, EXCLUDED.metadata, EXCLUDED.document_id)
        """;

    /// <summary>One document by id.</summary>
    public static string Get(string table) => $"SELECT {RowColumns} FROM {table} WHERE id = $1";

    /// <summary>The documents whose ids are in the array $1.</summary>
    public static string GetMany(string table) => $"SELECT {RowColumns} FROM {table} WHERE id = ANY($1)";

    /// <summary>The newest $1 documents, newest first.</summary>
    public static string Newest(string table) => $"SELECT {RowColumns} FROM {table} ORDER BY updated_at DESC, id LIMIT $1";

    /// <summary>The newest $1 documents of tenant $2, newest first.</summary>
    public static string NewestOfTenant(string table) => $"SELECT {RowColumns} FROM {table} WHERE tenant = $2 ORDER BY updated_at DESC, id LIMIT $1";

    /// <summary>
    /// The id, tenant and update time of the newest $1 documents of tenants other than those in the array $2, newest
    /// first: a refresh's candidates, read without texts and vectors.
    /// </summary>
    public static string NewestCandidates(string table) =>
        $"SELECT id, tenant, updated_at FROM {table} WHERE tenant <> ALL($2) ORDER BY updated_at DESC, id LIMIT $1";

    /// <summary>The id, tenant and update time of tenant $2's newest $1 documents, newest first.</summary>
    public static string NewestCandidatesOfTenant(string table) =>
        $"SELECT id, tenant, updated_at FROM {table} WHERE tenant = $2 ORDER BY updated_at DESC, id LIMIT $1";

    /// <summary>Removes one document by id.</summary>
    public static string Delete(string table) => $"DELETE FROM {table} WHERE id = $1";

    /// <summary>Removes the rows whose ids are in the array $1.</summary>
    public static string DeleteMany(string table) => $"DELETE FROM {table} WHERE id = ANY($1)";

    /// <summary>
    /// What the cold tier holds of the source documents in the array $1, without texts and vectors: rows whose
    /// document_id is one of them, and rows without a document_id (written by a replica that predates the column)
    /// whose own id is, since such a row is a whole document.
    /// </summary>
    public static string ChunksOf(string table) => $"""
        SELECT coalesce(document_id, id), id, content_hash, embedding_model, tenant, language, title, metadata, updated_at
        FROM {table}
        WHERE document_id = ANY($1) OR (document_id IS NULL AND id = ANY($1))
        """;

    /// <summary>
    /// A page of source document $1's rows, in chunk order, without vectors: the document's row count and first row's
    /// tenant on every row (one row with null page columns when the page is empty or the document has no rows), then
    /// each row's id, the first $4 characters of its text, its text's length and its model, from row $2 (0-based), at
    /// most $3 rows. Chunk ids share the prefix <c>{document}#</c>, so ordering by length, then id, is numeric order.
    /// </summary>
    public static string ChunkPage(string table) => $"""
        WITH chunks AS (
            SELECT id, tenant, body, embedding_model, row_number() OVER (ORDER BY length(id), id) AS rank
            FROM {table}
            WHERE document_id = $1 OR (document_id IS NULL AND id = $1)),
        summary AS (SELECT count(*)::int AS total, (array_agg(tenant ORDER BY rank))[1] AS tenant FROM chunks)
        SELECT summary.total, summary.tenant, page.id, left(page.body, $4), length(page.body), page.embedding_model
        FROM summary LEFT JOIN (SELECT * FROM chunks ORDER BY rank OFFSET $2 LIMIT $3) AS page ON true
        ORDER BY page.rank
        """;

    /// <summary>
    /// Locks the source documents in the array $1 until the transaction ends, so two writers of one document take
    /// turns. Keys are taken in ascending order (PostgreSQL evaluates a volatile output column after ORDER BY), so
    /// writers of overlapping batches cannot deadlock; the first key keeps documents of one schema apart from those
    /// of another and from the migrations' lock.
    /// </summary>
    public const string LockDocuments = """
        SELECT pg_advisory_xact_lock(hashtext('redisaspire.document:' || current_schema()), key)
        FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest($1::text[]) AS ids (id)) AS keys
        ORDER BY key
        """;

    /// <summary>The model one row was embedded with, leaving out vectors callers supplied; no row when there is none.</summary>
    public static string AnyEmbeddingModel(string table) => $"SELECT embedding_model FROM {table} WHERE embedding_model <> 'supplied' LIMIT 1";

    /// <summary>How many documents there are.</summary>
    public static string Count(string table) => $"SELECT count(*) FROM {table}";

    /// <summary>The parameters of <see cref="Upsert"/> for <paramref name="document"/>.</summary>
    public static ColdTierCommand UpsertCommand(string table, ColdDocument document) => new(Upsert(table),
    [
        Text(document.Id),
        Text(document.Tenant),
        Text(document.Language),
        Text(document.Title),
        Text(document.Body),
        new NpgsqlParameter { Value = document.Metadata, NpgsqlDbType = NpgsqlDbType.Jsonb },
        new NpgsqlParameter { Value = document.UpdatedAt.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz },
        Text(document.ContentHash),
        Text(document.EmbeddingModel),
        new NpgsqlParameter { Value = new Vector(document.Vector) },
        Text(document.DocumentId),
    ]);

    /// <summary>
    /// The K nearest documents that pass the filter, closest first: id, raw pgvector distance, title, metadata, body
    /// (when the schema returns it, else null), tenant, language and updated_at. The CTE is materialised and re-sorted because an iterative scan in
    /// relaxed order may return rows slightly out of order.
    /// </summary>
    public static ColdTierCommand Search(string table, VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        var parameters = new List<NpgsqlParameter>
        {
            new() { Value = new Vector(query.Vector) },
            new() { Value = query.K, NpgsqlDbType = NpgsqlDbType.Integer },
        };
        var where = ColdTierFilterSql.Render(query.Filter, schema, parameters);
        var body = ReturnsBody(schema) ? "body" : "NULL::text";
        var sql = $"""
            WITH nearest AS MATERIALIZED (
                SELECT id, embedding {ColdTierDistance.Operator(schema.Metric)} $1 AS distance, title, metadata, {body} AS body,
                    tenant, language, updated_at
                FROM {table}{where}
                ORDER BY distance
                LIMIT $2)
            SELECT id, distance, title, metadata, body, tenant, language, updated_at FROM nearest ORDER BY distance, id
            """;
        return new ColdTierCommand(sql, parameters);
    }

    /// <summary>
    /// The planner settings of one query, local to its transaction: the HNSW candidate list; for a filtered query an
    /// iterative scan, so rows the filter drops are replaced and K rows still come back; for an exact query no index scan.
    /// </summary>
    public static ColdTierCommand SearchSettings(VectorIndexSchema schema, KnnQuery query, bool exact)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(query);
        var settings = new List<(string Name, string Value)> { ("hnsw.ef_search", EfSearch(schema, query).ToString(CultureInfo.InvariantCulture)) };
        if (!query.Filter.IsEmpty)
        {
            settings.Add(("hnsw.iterative_scan", "relaxed_order"));
        }

        if (exact)
        {
            settings.Add(("enable_indexscan", "off"));
        }

        var parameters = new List<NpgsqlParameter>();
        var calls = new List<string>();
        foreach (var (name, value) in settings)
        {
            // set_config(..., true) is SET LOCAL that takes parameters.
            calls.Add($"set_config({ColdTierFilterSql.Add(parameters, name)}, {ColdTierFilterSql.Add(parameters, value)}, true)");
        }

        return new ColdTierCommand($"SELECT {string.Join(", ", calls)}", parameters);
    }

    /// <summary>
    /// The query's EF as the hot tier chooses it, at least K (fewer candidates than K would return fewer rows), at
    /// most pgvector's 1000.
    /// </summary>
    public static int EfSearch(VectorIndexSchema schema, KnnQuery query) =>
        Math.Clamp(Math.Max(schema.QueryEf(query.K, query.EfRuntime), query.K), 1, MaxEfSearch);

    /// <summary>Whether hits carry the body column (only when the schema names "body" as a TEXT field).</summary>
    public static bool ReturnsBody(VectorIndexSchema schema) => schema.TextFields.Contains(ColdTierFields.BodyField, StringComparer.Ordinal);
}
