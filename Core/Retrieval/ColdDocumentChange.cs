using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// A source document's new set of rows for <see cref="PostgresColdTier.ApplyAsync"/>: the rows to write, and every row
/// id the document keeps; its other rows are deleted.
/// </summary>
/// <param name="DocumentId">The source document.</param>
/// <param name="ChunkIds">Every row id the document has afterwards; empty to delete the document.</param>
/// <param name="Upserts">The rows to add or rewrite, each with <see cref="ColdDocument.DocumentId"/> this document and an id in <paramref name="ChunkIds"/>.</param>
/// <param name="Expected">
/// The rows the change was planned from (see <see cref="PostgresColdTier.ReadChunkHashesAsync"/>): when the document
/// holds other rows by the time the change is applied, another writer got there first, and the change is refused as a
/// conflict rather than mixing two versions. Null applies the change to whatever the document holds (a delete).
/// </param>
internal sealed record ColdDocumentChange(
    string DocumentId,
    IReadOnlyCollection<string> ChunkIds,
    IReadOnlyList<ColdDocument> Upserts,
    IReadOnlyList<StoredChunk>? Expected)
{
    /// <summary>A change that deletes every row of <paramref name="documentId"/>.</summary>
    public static ColdDocumentChange Delete(string documentId) => new(documentId, [], [], null);

    /// <summary>Throws an <see cref="ArgumentException"/> whose ParamName names what <paramref name="schema"/> cannot hold or what does not belong to the document.</summary>
    public void Validate(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        VectorDocument.ValidateId(DocumentId);
        ArgumentNullException.ThrowIfNull(ChunkIds, "chunkIds");
        ArgumentNullException.ThrowIfNull(Upserts, "upserts");
        var kept = ChunkIds as IReadOnlySet<string> ?? ChunkIds.ToHashSet(StringComparer.Ordinal);
        foreach (var upsert in Upserts)
        {
            ArgumentNullException.ThrowIfNull(upsert, "upserts");
            upsert.Validate(schema);
            if (!string.Equals(upsert.DocumentId, DocumentId, StringComparison.Ordinal) || !kept.Contains(upsert.Id))
            {
                throw new ArgumentException(
                    $"Row '{upsert.Id}' is written by the change of document '{DocumentId}' but is not one of its rows.", "upserts");
            }
        }
    }
}
