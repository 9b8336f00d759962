using System.Text.Json;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Ingestion;

/// <summary>Compares a document's new version with the rows the cold tier holds of it: which chunks to embed, rewrite, keep or delete.</summary>
internal static class DocumentPlanner
{
    /// <summary>
    /// The plan of <paramref name="work"/> against <paramref name="stored"/>. A version updated earlier than the
    /// latest stored row is stale (an older message delivered again after a newer one) and planned as nothing.
    /// </summary>
    public static DocumentPlan Plan(IngestionWork work, DocumentChunker chunker, IReadOnlyList<StoredChunk> stored, string embeddingModel)
    {
        if (work.Document is not { } document)
        {
            return new DocumentPlan(work, stored, [], stale: false);
        }

        if (stored.Count > 0 && document.UpdatedAt < stored.Max(row => row.UpdatedAt))
        {
            return new DocumentPlan(work, stored, [], stale: true);
        }

        var rows = stored.ToDictionary(row => row.Id, StringComparer.Ordinal);
        var chunks = new List<PlannedChunk>();
        foreach (var chunk in chunker.Chunk(document))
        {
            var embedded = EmbeddedText.Of(document.Title, chunk.Text);
            var planned = new PlannedChunk(chunk, embedded, ChunkAction.Embed);
            planned.Action = ActionFor(planned.ContentHash, document, embeddingModel, rows.GetValueOrDefault(chunk.Id));
            chunks.Add(planned);
        }

        return new DocumentPlan(work, stored, chunks, stale: false);
    }

    private static ChunkAction ActionFor(string contentHash, SourceDocument document, string embeddingModel, StoredChunk? row) =>
        row is null || row.ContentHash != contentHash || row.EmbeddingModel != embeddingModel ? ChunkAction.Embed
        : row.Tenant != document.Tenant || row.Language != document.Language || row.Title != document.Title || !SameJson(row.Metadata, document.Metadata)
            ? ChunkAction.Rewrite
            : ChunkAction.Unchanged;

    // PostgreSQL returns jsonb with its own key order and spacing: the same object is still no change.
    private static bool SameJson(string stored, string incoming)
    {
        using var left = JsonDocument.Parse(stored);
        using var right = JsonDocument.Parse(incoming);
        return JsonElement.DeepEquals(left.RootElement, right.RootElement);
    }
}
