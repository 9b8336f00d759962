namespace RedisAspire.Core.Ingestion;

/// <summary>One passage of a document, the unit that is embedded and searched.</summary>
/// <param name="Id">The chunk's id, <c>{DocumentId}#{Index}</c> (see <see cref="DocumentChunker.ChunkId"/>).</param>
/// <param name="DocumentId">The id of the document the chunk comes from.</param>
/// <param name="Index">The chunk's position in its document, from 0.</param>
/// <param name="Text">The chunk's words, with the document's line and paragraph breaks between them.</param>
/// <param name="ContentHash">The hash of <paramref name="Text"/> (see <see cref="Retrieval.ContentHash.Of"/>): an unchanged chunk need not be embedded again.</param>
internal sealed record DocumentChunk(string Id, string DocumentId, int Index, string Text, string ContentHash);
