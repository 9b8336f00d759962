using System.Globalization;

namespace RedisAspire.Core.Retrieval;

/// <summary>One chunk of a source document, without its vector.</summary>
/// <param name="Id">The chunk's id, <c>{document}#{position}</c>, or the document's own for a document stored whole.</param>
/// <param name="Position">Its place in the document, from 0.</param>
/// <param name="InHotTier">Whether the Redis hot tier holds it too.</param>
/// <param name="TextPreview">The start of its text (at most <see cref="DocumentChunkPage.PreviewLength"/> characters); null when none is stored.</param>
/// <param name="TextLength">The length of its whole text, in characters; null when none is stored.</param>
/// <param name="EmbeddingModel">The model its vector came from (<c>supplied</c> for a vector given by the caller).</param>
public sealed record DocumentChunkSummary(string Id, int Position, bool InHotTier, string? TextPreview, int? TextLength, string EmbeddingModel)
{
    /// <summary>The position a row's id gives it: n for <c>{document}#n</c>, 0 for a document stored whole.</summary>
    public static int PositionOf(string documentId, string id)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        ArgumentNullException.ThrowIfNull(id);
        return id.Length > documentId.Length + 1 && id.StartsWith(documentId + "#", StringComparison.Ordinal)
            && int.TryParse(id.AsSpan(documentId.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)
            ? position
            : 0;
    }
}
