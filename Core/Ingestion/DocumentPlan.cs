using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// One operation compared with what the cold tier held when it was planned: its chunks with what each needs, the rows
/// to delete, and those rows, which must still be there when the plan is written.
/// </summary>
internal sealed class DocumentPlan(IngestionWork work, IReadOnlyList<StoredChunk> stored, IReadOnlyList<PlannedChunk> chunks, bool stale)
{
    /// <summary>The operation.</summary>
    public IngestionWork Work { get; } = work;

    /// <summary>The document's rows when it was planned.</summary>
    public IReadOnlyList<StoredChunk> Stored { get; } = stored;

    /// <summary>The chunks of the new version; none for a delete or a stale version.</summary>
    public IReadOnlyList<PlannedChunk> Chunks { get; } = chunks;

    /// <summary>Whether the cold tier holds a version updated later, so this one is left alone.</summary>
    public bool Stale { get; } = stale;

    /// <summary>The rows the document no longer has.</summary>
    public IReadOnlyList<string> Deletes { get; } = stale
        ? []
        : [.. stored.Select(row => row.Id).Except(chunks.Select(chunk => chunk.Chunk.Id), StringComparer.Ordinal)];

    /// <summary>Chunks to embed.</summary>
    public IEnumerable<PlannedChunk> ToEmbed => Chunks.Where(chunk => chunk.Action == ChunkAction.Embed);

    /// <summary>Whether anything is to be written or deleted.</summary>
    public bool NeedsWrite => !Stale && (Deletes.Count > 0 || Chunks.Any(chunk => chunk.Action != ChunkAction.Unchanged));

    /// <summary>The tenants whose cached search results a write of this plan can change: the new one and those of the rows it replaces.</summary>
    public IEnumerable<string> Tenants => Stored.Select(row => row.Tenant).Append(Work.Tenant).Distinct(StringComparer.Ordinal);
}
