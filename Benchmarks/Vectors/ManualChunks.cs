using System.Text.RegularExpressions;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// More passages from the same manual than <see cref="Load"/>'s one per paragraph, for corpora above its ~19,900:
/// the same paragraphs, tags and whitespace handling, cut differently.
/// </summary>
internal static partial class ManualPassages
{
    /// <summary>Sentences shorter than this are not passages of their own.</summary>
    private const int MinimumSentenceWords = 10;

    /// <summary>
    /// The first <paramref name="count"/> distinct passages, page by page and paragraph by paragraph: each paragraph of
    /// twelve words or more cut into consecutive forty-word windows (the first is <see cref="Load"/>'s passage; a tail
    /// under twelve words is dropped), then, when the paragraph has several sentences, each sentence of ten words or
    /// more (cut to forty), as a chunker that indexes both would produce.
    /// </summary>
    public static IReadOnlyList<string> LoadChunks(int count)
    {
        var passages = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in Paragraphs())
        {
            var words = text.Split(' ');
            if (words.Length < MinimumWords)
            {
                continue;
            }

            var windows = Enumerable.Range(0, (words.Length + MaximumWords - 1) / MaximumWords)
                .Select(window => words.Skip(window * MaximumWords).Take(MaximumWords).ToArray())
                .Where(window => window.Length >= MinimumWords);
            var sentences = SentenceEnd().Split(text) is { Length: > 1 } parts
                ? parts.Select(sentence => sentence.Split(' ')).Where(sentence => sentence.Length >= MinimumSentenceWords).Select(sentence => sentence.Take(MaximumWords).ToArray())
                : [];
            foreach (var passage in windows.Concat(sentences).Select(chunk => string.Join(' ', chunk)))
            {
                if (seen.Add(passage))
                {
                    passages.Add(passage);
                    if (passages.Count == count)
                    {
                        return passages;
                    }
                }
            }
        }

        throw new InvalidOperationException($"The PostgreSQL manual in {ManualDirectory()} gives only {passages.Count} windows and sentences; {count} were asked for.");
    }

    /// <summary>The white space after a sentence's final stop, before the capital that starts the next one.</summary>
    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();
}
