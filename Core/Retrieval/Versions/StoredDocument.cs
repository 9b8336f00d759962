using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>A document as the cold tier holds it, and how much of it the hot tier holds.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="FirstChunk">Its first chunk: its fields (every chunk has the same) and its vector.</param>
/// <param name="Chunks">How many rows PostgreSQL holds of it: its chunks, or one for a document stored whole.</param>
/// <param name="HotChunks">How many of those the hot tier holds too.</param>
public sealed record StoredDocument(string Id, VectorDocument FirstChunk, int Chunks, int HotChunks);
