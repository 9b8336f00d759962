using RedisAspire.Core.Ingestion.Queue;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Api.Apis.Documents;

/// <summary>What the document endpoints use.</summary>
/// <param name="Spaces">The live embedding version: its schema checks writes, its tiers answer reads.</param>
/// <param name="Queue">The ingestion queue writes go through.</param>
/// <param name="Time">The clock that dates a write that gives no date.</param>
public sealed record DocumentServices(EmbeddingSpaces Spaces, IngestionQueue Queue, TimeProvider Time);
