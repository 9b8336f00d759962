namespace RedisAspire.ReplicaHost;

/// <summary>consume-with-pipeline: where the process's real ingestion pipeline writes, how it cuts its work, and where it hangs.</summary>
/// <param name="PostgresConnectionString">The cold tier's database, its search path naming the test's schema (already migrated).</param>
/// <param name="IndexName">The hot tier's Vector Set, and the name both tiers' schema carries.</param>
/// <param name="Dimension">The deterministic embedding's dimension, the schema's too.</param>
/// <param name="ChunkWords">Ingestion:Chunking:ChunkWords.</param>
/// <param name="OverlapWords">Ingestion:Chunking:OverlapWords.</param>
/// <param name="WriteBatchSize">Ingestion:WriteBatchSize: documents per PostgreSQL transaction.</param>
/// <param name="EmbedBatchSize">Ingestion:EmbedBatchSize: chunks per embedding call.</param>
/// <param name="HangAtEmbeddingCall">The embedding call (1 for the first) that never returns, as a hung model would; 0 for none.</param>
public sealed record PipelineSettings(
    string PostgresConnectionString,
    string IndexName,
    int Dimension,
    int ChunkWords,
    int OverlapWords,
    int WriteBatchSize,
    int EmbedBatchSize,
    int HangAtEmbeddingCall = 0);
