using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Cuts a document's text into overlapping chunks of words, ending a chunk at a paragraph or a sentence where one
/// lies in the last quarter of its window. Chunking is deterministic: the same text and options always give the same
/// chunks with the same ids, so re-ingesting an unchanged document rewrites nothing. A changed text or changed options
/// may shift every later chunk, so a document's chunks are replaced together.
/// </summary>
internal sealed class DocumentChunker
{
    /// <summary>
    /// The longest document id that can be chunked: chunk ids add '#' and up to seven digits and must still pass
    /// <see cref="VectorDocument.ValidateId"/>. The longest body (<see cref="SourceDocument.MaxBodyLength"/>) has at
    /// most 500,000 words and so fewer than 125,001 chunks (see <see cref="ChunkingOptions.OverlapWords"/>).
    /// </summary>
    public const int MaxDocumentIdLength = VectorDocument.MaxIdLength - 8;

    private readonly int _chunkWords;
    private readonly int _overlapWords;
    private readonly int _shortestCut;

    /// <summary>A chunker with <paramref name="options"/>, or the defaults; throws an <see cref="ArgumentException"/> naming a setting that is out of range.</summary>
    public DocumentChunker(ChunkingOptions? options = null)
    {
        options ??= new ChunkingOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new ArgumentException(results[0].ErrorMessage, results[0].MemberNames.FirstOrDefault() ?? nameof(options));
        }

        _chunkWords = options.ChunkWords;
        _overlapWords = options.OverlapWords;

        // A chunk may end early at a boundary in the last quarter of its window, never sooner.
        _shortestCut = _chunkWords - (_chunkWords / 4);
    }

    /// <summary>The id of a document's chunk: <c>{documentId}#{index}</c>.</summary>
    public static string ChunkId(string documentId, int index) => string.Create(CultureInfo.InvariantCulture, $"{documentId}#{index}");

    /// <summary>The chunks of <paramref name="document"/>'s body.</summary>
    public IReadOnlyList<DocumentChunk> Chunk(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Chunk(document.Id, document.Body);
    }

    /// <summary>
    /// The chunks of <paramref name="text"/> (best normalised first, see <see cref="TextNormalizer.Normalize"/>): one
    /// when it has at most <see cref="ChunkingOptions.ChunkWords"/> words, none when it has no words. Throws an
    /// <see cref="ArgumentException"/> for a document id over <see cref="MaxDocumentIdLength"/> or not a valid id,
    /// and for a text over <see cref="SourceDocument.MaxBodyLength"/> characters.
    /// </summary>
    public IReadOnlyList<DocumentChunk> Chunk(string documentId, string? text)
    {
        ValidateDocumentId(documentId);
        if (text is not null && text.Length > SourceDocument.MaxBodyLength)
        {
            throw new ArgumentException(
                $"The text has {text.Length} characters; at most {SourceDocument.MaxBodyLength} are chunked.", nameof(text));
        }

        var words = Words.Of(text ?? string.Empty);
        var chunks = new List<DocumentChunk>();
        var start = 0;
        while (start < words.Count)
        {
            var end = CutAfter(words, start);
            var chunkText = words.Text(start, end);
            chunks.Add(new DocumentChunk(
                ChunkId(documentId, chunks.Count), documentId, chunks.Count, chunkText, Retrieval.ContentHash.Of(chunkText)));
            if (end == words.Count)
            {
                break;
            }

            // Progress is certain: a chunk has at least three quarters of a window, the overlap less than half.
            start = end - _overlapWords;
        }

        return chunks;
    }

    private static void ValidateDocumentId(string? documentId)
    {
        if (string.IsNullOrEmpty(documentId)
            || documentId.Length > MaxDocumentIdLength
            || documentId.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new ArgumentException(
                $"A document id to chunk must be 1 to {MaxDocumentIdLength} characters without whitespace or control characters, so that its chunks' ids ('{{id}}#{{index}}') stay within {VectorDocument.MaxIdLength}.",
                nameof(documentId));
        }
    }

    // Where the chunk starting at start ends (exclusive): the window's end, or the last paragraph end in its last
    // quarter, else the last sentence or line end there.
    private int CutAfter(Words words, int start)
    {
        var end = Math.Min(start + _chunkWords, words.Count);
        if (end == words.Count)
        {
            return end;
        }

        var sentenceEnd = -1;
        for (var cut = end; cut >= start + _shortestCut; cut--)
        {
            var boundary = words.BoundaryAfter(cut - 1);
            if (boundary == WordBoundary.Paragraph)
            {
                return cut;
            }

            if (boundary == WordBoundary.Sentence && sentenceEnd < 0)
            {
                sentenceEnd = cut;
            }
        }

        return sentenceEnd > 0 ? sentenceEnd : end;
    }

    private enum WordBoundary
    {
        None,
        Sentence,
        Paragraph,
    }

    // The words of a text as spans, with the break that follows each, so chunks keep the text's line structure.
    private sealed class Words
    {
        private readonly string _text;
        private readonly List<(int Start, int End)> _spans = [];

        private Words(string text) => _text = text;

        public int Count => _spans.Count;

        public static Words Of(string text)
        {
            var words = new Words(text);
            var i = 0;
            while (i < text.Length)
            {
                while (i < text.Length && char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                if (i > start)
                {
                    words._spans.Add((start, i));
                }
            }

            return words;
        }

        public WordBoundary BoundaryAfter(int index)
        {
            var lineBreaks = LineBreaksAfter(index);
            return lineBreaks >= 2 ? WordBoundary.Paragraph
                : lineBreaks == 1 || EndsSentence(_text.AsSpan(_spans[index].Start, _spans[index].End - _spans[index].Start)) ? WordBoundary.Sentence
                : WordBoundary.None;
        }

        // Words start..end-1 with the breaks between them: a paragraph break as a blank line, a line break as one, any other whitespace as a space.
        public string Text(int start, int end)
        {
            var text = new StringBuilder();
            for (var i = start; i < end; i++)
            {
                if (i > start)
                {
                    var lineBreaks = LineBreaksAfter(i - 1);
                    text.Append(lineBreaks >= 2 ? "\n\n" : lineBreaks == 1 ? "\n" : " ");
                }

                text.Append(_text, _spans[i].Start, _spans[i].End - _spans[i].Start);
            }

            return text.ToString();
        }

        private int LineBreaksAfter(int index)
        {
            var gapEnd = index + 1 < _spans.Count ? _spans[index + 1].Start : _text.Length;
            return _text.AsSpan(_spans[index].End, gapEnd - _spans[index].End).Count('\n');
        }

        // A word that ends with sentence punctuation, perhaps followed by a closing quote or bracket.
        private static bool EndsSentence(ReadOnlySpan<char> word)
        {
            var trimmed = word.TrimEnd("\"')]}»«“”‘’");
            return !trimmed.IsEmpty && trimmed[^1] is '.' or '!' or '?' or '…' or '。' or '！' or '？';
        }
    }
}
