using System.Text;

namespace RedisAspire.Core.Ingestion;

/// <summary>Turns raw text, HTML and markdown into the clean text that is chunked and embedded.</summary>
internal static class TextNormalizer
{
    /// <summary>The longest title taken from a file; a longer heading or first line is cut at a word boundary.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>
    /// Unicode NFC; line endings as <c>\n</c>; control characters other than line breaks removed (tabs count as
    /// spaces); runs of spaces as one space; no spaces at the start or end of a line; three or more line breaks
    /// as one paragraph break (<c>\n\n</c>); no whitespace at the start or end.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var normalised = new StringBuilder(text.Length);
        var pendingSpace = false;
        var pendingLineBreaks = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            if (character == '\r')
            {
                // \r\n is one line break; a lone \r (old Mac files) is one too.
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    continue;
                }

                character = '\n';
            }

            if (character is '\n' or '\u0085' or '\u2028' or '\u2029' or '\f' or '\v')
            {
                pendingLineBreaks++;
                pendingSpace = false;
                continue;
            }

            if (char.IsWhiteSpace(character))
            {
                pendingSpace = true;
                continue;
            }

            if (char.IsControl(character) || IsInvisible(character) || IsLoneSurrogate(text, i))
            {
                continue;
            }

            if (normalised.Length > 0)
            {
                if (pendingLineBreaks > 0)
                {
                    normalised.Append('\n', Math.Min(pendingLineBreaks, 2));
                }
                else if (pendingSpace)
                {
                    normalised.Append(' ');
                }
            }

            pendingLineBreaks = 0;
            pendingSpace = false;
            normalised.Append(character);
            if (char.IsHighSurrogate(character))
            {
                normalised.Append(text[++i]);
            }
        }

        // Composition after cleaning: a lone surrogate would make Normalize throw, and composition adds no whitespace.
        return normalised.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Plain text, normalised; its title is its first line.</summary>
    public static ExtractedText FromPlainText(string? text)
    {
        var normalised = Normalize(text);
        var firstLine = normalised.Split('\n', 2)[0];
        return new ExtractedText(ToTitle(firstLine), normalised);
    }

    /// <summary>
    /// The text of an HTML page, normalised: script, style, head (and title, noscript, template, svg) content and
    /// comments dropped, block elements (p, div, li, h1-h6, br, tr, pre, section, article, ...) as paragraph breaks,
    /// table cells apart, other tags removed, entities decoded. The title is the page's <c>&lt;title&gt;</c>, else its
    /// first <c>&lt;h1&gt;</c>.
    /// </summary>
    public static ExtractedText FromHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return new ExtractedText(null, string.Empty);
        }

        var title = ToTitle(HtmlText.OfFirst(html, "title")) ?? ToTitle(HtmlText.OfFirst(html, "h1"));
        return new ExtractedText(title, Normalize(HtmlText.Of(html)));
    }

    /// <summary>
    /// The text of a markdown document, normalised: heading, emphasis, list, quote and code-fence markers removed
    /// (code kept), links and images as their text, reference definitions dropped. The title is the first level-one
    /// heading (<c># Title</c> or a line underlined with <c>===</c>), which stays in the text too.
    /// </summary>
    public static ExtractedText FromMarkdown(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return new ExtractedText(null, string.Empty);
        }

        var (title, text) = MarkdownText.Of(markdown);
        return new ExtractedText(ToTitle(title), Normalize(text));
    }

    /// <summary>A title on one line with single spaces, cut at a word boundary to <see cref="MaxTitleLength"/>; null when empty.</summary>
    internal static string? ToTitle(string? text)
    {
        var title = Normalize(text).Replace('\n', ' ').Replace("  ", " ", StringComparison.Ordinal);
        if (title.Length == 0)
        {
            return null;
        }

        if (title.Length <= MaxTitleLength)
        {
            return title;
        }

        var cut = title.LastIndexOf(' ', MaxTitleLength);
        var length = cut > MaxTitleLength / 2 ? cut : MaxTitleLength;
        if (char.IsHighSurrogate(title[length - 1]))
        {
            length--;
        }

        return title[..length];
    }

    // Characters that render as nothing but would make otherwise equal words differ (BOM, zero-width space, soft
    // hyphen). Joiners are kept: some scripts and emoji need them.
    private static bool IsInvisible(char character) => character is '\uFEFF' or '\u200B' or '\u00AD';

    private static bool IsLoneSurrogate(string text, int index) =>
        char.IsHighSurrogate(text[index])
            ? index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1])
            : char.IsLowSurrogate(text[index]);
}
