namespace RedisAspire.Core.Ingestion;

/// <summary>A chunk of a new version, with what is embedded for it, what it needs and, once known, its vector.</summary>
internal sealed class PlannedChunk(DocumentChunk chunk, string embeddedText, ChunkAction action)
{
    /// <summary>The chunk.</summary>
    public DocumentChunk Chunk { get; } = chunk;

    /// <summary>The text embedded for it (see <see cref="Ingestion.EmbeddedText"/>).</summary>
    public string EmbeddedText { get; } = embeddedText;

    /// <summary>The hash stored with it: of <see cref="EmbeddedText"/>, not of the chunk's text alone.</summary>
    public string ContentHash { get; } = Retrieval.ContentHash.Of(embeddedText);

    /// <summary>What it needs; a rewrite whose stored row has gone becomes an embed.</summary>
    public ChunkAction Action { get; set; } = action;

    /// <summary>Its vector: embedded, or read back for a rewrite; null until then and for unchanged chunks.</summary>
    public float[]? Vector { get; set; }
}
