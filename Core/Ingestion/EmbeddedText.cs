using RedisAspire.Core.Retrieval;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// What the pipeline embeds for a chunk: the document's title, a blank line, then the chunk's text. Chunks after the
/// first often never name their subject ("It is served with..."); the title gives each of them that context. The
/// content hash is taken of this text, so a new title re-embeds every chunk, and the same title and text never do.
/// </summary>
internal static class EmbeddedText
{
    /// <summary>The text embedded for <paramref name="chunkText"/> of a document titled <paramref name="title"/>; the chunk's text alone when there is no title.</summary>
    public static string Of(string? title, string chunkText)
    {
        ArgumentNullException.ThrowIfNull(chunkText);
        return string.IsNullOrWhiteSpace(title) ? chunkText : $"{title}\n\n{chunkText}";
    }

    /// <summary>The content hash stored with the chunk: <see cref="ContentHash.Of"/> of <see cref="Of"/>.</summary>
    public static string HashOf(string? title, string chunkText) => ContentHash.Of(Of(title, chunkText));
}
