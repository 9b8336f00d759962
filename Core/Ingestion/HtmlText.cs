using System.Net;
using System.Text;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// The visible text of an HTML page, by a linear scan: no regular expressions that could backtrack on hostile input,
/// and no search for an end tag is repeated once it is known to be missing.
/// </summary>
internal sealed class HtmlText
{
    // Elements whose content a reader never sees.
    private static readonly HashSet<string> HiddenElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "head", "title", "noscript", "template", "svg",
    };

    // Elements that start a new block; they become paragraph breaks so the chunker can cut between them.
    private static readonly HashSet<string> BlockElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "pre", "section", "article",
        "ul", "ol", "dl", "dt", "dd", "table", "blockquote", "header", "footer", "nav", "main", "aside",
        "figure", "figcaption", "hr", "form", "fieldset", "details", "summary", "address", "body",
    };

    private readonly string _html;
    private readonly StringBuilder _text;
    private readonly HashSet<string> _missingTags = new(StringComparer.OrdinalIgnoreCase);
    private int _preDepth;

    private HtmlText(string html)
    {
        _html = html;
        _text = new StringBuilder(html.Length);
    }

    /// <summary>The page's text (not yet normalised): hidden content and comments dropped, blocks as paragraph breaks, entities decoded.</summary>
    public static string Of(string html) => new HtmlText(html).Scan(0, html.Length);

    /// <summary>The text of the first element with this name (tags inside removed); null when there is none.</summary>
    public static string? OfFirst(string html, string name)
    {
        var scanner = new HtmlText(html);
        var start = scanner.FindTag("<" + name, 0);
        if (start < 0)
        {
            return null;
        }

        var contentStart = Math.Min(scanner.FindTagEnd(start + name.Length + 1) + 1, html.Length);
        var contentEnd = scanner.FindTag("</" + name, contentStart);
        return scanner.Scan(contentStart, contentEnd < 0 ? html.Length : contentEnd);
    }

    private string Scan(int start, int end)
    {
        var position = start;
        while (position < end)
        {
            var tagStart = _html.IndexOf('<', position, end - position);
            var textEnd = tagStart < 0 ? end : tagStart;
            AppendText(_html.AsSpan(position, textEnd - position));
            if (tagStart < 0)
            {
                break;
            }

            position = SkipTag(tagStart);
        }

        return _text.ToString();
    }

    // Text between tags, entities decoded; source line breaks are plain spaces in HTML, except inside <pre>.
    private void AppendText(ReadOnlySpan<char> segment)
    {
        if (segment.IsEmpty)
        {
            return;
        }

        var decoded = WebUtility.HtmlDecode(segment.ToString());
        if (_preDepth > 0)
        {
            _text.Append(decoded);
            return;
        }

        foreach (var character in decoded)
        {
            _text.Append(character is '\n' or '\r' ? ' ' : character);
        }
    }

    // Returns the position after the tag (or after a hidden element's content); writes breaks for block elements.
    private int SkipTag(int tagStart)
    {
        if (string.CompareOrdinal(_html, tagStart, "<!--", 0, 4) == 0)
        {
            var commentEnd = _html.IndexOf("-->", tagStart + 4, StringComparison.Ordinal);
            return commentEnd < 0 ? _html.Length : commentEnd + 3;
        }

        var nameStart = tagStart + 1;
        var closing = nameStart < _html.Length && _html[nameStart] == '/';
        if (closing)
        {
            nameStart++;
        }

        var nameEnd = nameStart;
        while (nameEnd < _html.Length && char.IsAsciiLetterOrDigit(_html[nameEnd]))
        {
            nameEnd++;
        }

        var declaration = !closing && nameStart < _html.Length && _html[nameStart] is '!' or '?';
        if (nameEnd == nameStart && !declaration)
        {
            // Not a tag ("a < b", "<3"): the '<' is text.
            _text.Append('<');
            return tagStart + 1;
        }

        var tagEnd = FindTagEnd(nameEnd);
        var name = _html[nameStart..nameEnd];
        var selfClosing = tagEnd < _html.Length && _html[tagEnd - 1] == '/';
        if (!closing && !selfClosing && HiddenElements.Contains(name))
        {
            var hiddenEnd = FindHiddenEnd(name, tagEnd + 1);
            if (hiddenEnd >= 0)
            {
                return hiddenEnd == _html.Length ? hiddenEnd : Math.Min(FindTagEnd(hiddenEnd) + 1, _html.Length);
            }
        }

        if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
        {
            _preDepth = Math.Max(0, _preDepth + (closing ? -1 : 1));
        }

        if (BlockElements.Contains(name))
        {
            _text.Append("\n\n");
        }
        else if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
        {
            _text.Append(' ');
        }

        return Math.Min(tagEnd + 1, _html.Length);
    }

    // Where a hidden element's content ends: its end tag; for head (whose end tag HTML lets authors leave out) also
    // the body's start, and nothing is hidden (-1) when neither follows. Other elements hide the rest of the input
    // when unclosed, as browsers do with an unclosed script.
    private int FindHiddenEnd(string name, int from)
    {
        var end = FindTag("</" + name, from);
        if (!name.Equals("head", StringComparison.OrdinalIgnoreCase))
        {
            return end < 0 ? _html.Length : end;
        }

        var body = FindTag("<body", from);
        return end < 0 ? body : body < 0 ? end : Math.Min(end, body);
    }

    // The '>' that ends a tag, skipping quoted attribute values (a quote counts only after '=', so an apostrophe in
    // an unquoted value does not hide the rest of the page); the end of the input when there is none.
    private int FindTagEnd(int from)
    {
        var quote = '\0';
        var previous = '\0';
        for (var i = from; i < _html.Length; i++)
        {
            var character = _html[i];
            if (quote != '\0')
            {
                quote = character == quote ? '\0' : quote;
                continue;
            }

            if (character is '"' or '\'' && previous == '=')
            {
                quote = character;
            }
            else if (character == '>')
            {
                return i;
            }

            previous = char.IsWhiteSpace(character) ? previous : character;
        }

        // An unclosed quote: the first '>' after all.
        var fallback = quote == '\0' ? -1 : _html.IndexOf('>', from);
        return fallback < 0 ? _html.Length : fallback;
    }

    // The index of pattern ("<name" or "</name", any case) followed by '>', '/', whitespace or the end; -1 when there
    // is none. A pattern found missing stays missing for every later position, so it is not searched for again.
    private int FindTag(string pattern, int from)
    {
        if (_missingTags.Contains(pattern))
        {
            return -1;
        }

        while (from < _html.Length)
        {
            var index = _html.IndexOf(pattern, from, StringComparison.OrdinalIgnoreCase);
            if (index < 0)
            {
                break;
            }

            var after = index + pattern.Length;
            if (after >= _html.Length || _html[after] is '>' or '/' || char.IsWhiteSpace(_html[after]))
            {
                return index;
            }

            from = after;
        }

        _missingTags.Add(pattern);
        return -1;
    }
}
