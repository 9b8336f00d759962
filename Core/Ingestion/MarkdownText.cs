using System.Text;
using System.Text.RegularExpressions;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// The text of a markdown document, line by line: enough of CommonMark to drop the markup an embedding should not
/// see. Every pattern is bounded by the next marker character on its line, so none can backtrack far.
/// </summary>
internal static partial class MarkdownText
{
    // Escaped punctuation is parked in the private use area while markers are removed, then put back.
    private const char EscapeBase = '\uE000';

    /// <summary>The first level-one heading (null when there is none) and the text, not yet normalised.</summary>
    public static (string? Title, string Text) Of(string markdown)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        var text = new StringBuilder(markdown.Length);
        var first = SkipFrontMatter(lines, out var frontMatterTitle);
        string? title = null;
        string? fence = null;
        string? previous = null;
        for (var i = first; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            var marker = line.Length - trimmed.Length <= 3;
            if (fence is not null)
            {
                // Code is kept as it is; only the closing fence goes.
                var closes = marker && trimmed.StartsWith(fence, StringComparison.Ordinal) && trimmed.TrimEnd().All(c => c == fence[0]);
                text.Append(closes ? "\n\n" : line + "\n");
                fence = closes ? null : fence;
                continue;
            }

            if (marker && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = new string(trimmed[0], trimmed.TakeWhile(c => c == trimmed[0]).Count());
                text.Append("\n\n");
                previous = null;
                continue;
            }

            if (marker && (Rule().IsMatch(trimmed) || TableSeparator().IsMatch(trimmed)))
            {
                // A line of '=' under text makes that text a level-one heading (setext).
                if (trimmed[0] == '=' && previous is { Length: > 0 })
                {
                    title ??= previous;
                }

                text.Append("\n\n");
                previous = null;
                continue;
            }

            if (marker && ReferenceDefinition().IsMatch(trimmed))
            {
                continue;
            }

            var content = marker ? trimmed : line;
            var heading = marker ? Heading().Match(content) : Match.Empty;
            if (heading.Success)
            {
                var headingText = Inline(heading.Groups["text"].Value);
                if (heading.Groups["level"].Length == 1 && headingText.Length > 0)
                {
                    title ??= headingText;
                }

                text.Append("\n\n").Append(headingText).Append("\n\n");
                previous = null;
                continue;
            }

            if (marker)
            {
                content = ListMarker().Replace(QuoteMarkers().Replace(content, string.Empty), string.Empty);
            }

            previous = Inline(content).Trim();
            text.Append(previous).Append('\n');
        }

        return (title ?? frontMatterTitle, text.ToString());
    }

    // YAML front matter (between two lines of ---) is not text; its title: is the fallback title.
    private static int SkipFrontMatter(string[] lines, out string? title)
    {
        title = null;
        if (lines.Length == 0 || lines[0].Trim() != "---")
        {
            return 0;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line is "---" or "...")
            {
                return i + 1;
            }

            if (line.StartsWith("title:", StringComparison.OrdinalIgnoreCase))
            {
                title = line["title:".Length..].Trim().Trim('"', '\'');
            }
        }

        // No closing line: it was a rule, not front matter.
        title = null;
        return 0;
    }

    private static string Inline(string text)
    {
        var escaped = Escape().Replace(text, match => ((char)(EscapeBase + match.Groups[1].Value[0])).ToString());
        escaped = Link().Replace(escaped, "${text}");
        escaped = ReferenceLink().Replace(escaped, "${text}");
        escaped = AutoLink().Replace(escaped, "${url}");

        // Twice, so emphasis nested in emphasis (**bold *and* italic**) goes too.
        for (var pass = 0; pass < 2; pass++)
        {
            escaped = StarEmphasis().Replace(escaped, "${text}");
            escaped = UnderscoreEmphasis().Replace(escaped, "${text}");
            escaped = Strikethrough().Replace(escaped, "${text}");
        }

        var result = new StringBuilder(escaped.Length);
        foreach (var character in escaped)
        {
            if (character == '`')
            {
                continue;
            }

            result.Append(character is >= EscapeBase and <= (char)(EscapeBase + 127) ? (char)(character - EscapeBase) : character);
        }

        return result.ToString();
    }

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"^(?<level>\#{1,6})(?:[ \t]+(?<text>.*?))?(?:[ \t]+\#+)?[ \t]*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|={3,}[ \t]*)$")]
    private static partial Regex Rule();

    [GeneratedRegex(@"^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$")]
    private static partial Regex TableSeparator();

    [GeneratedRegex(@"^\[[^\]]+\]:[ \t]*\S+")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^(?:>[ \t]?)+")]
    private static partial Regex QuoteMarkers();

    [GeneratedRegex(@"^[-*+][ \t]+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"!?\[(?<text>[^\[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:[ \t]+(?:""[^""\n]*""|'[^'\n]*'))?[ \t]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"!?\[(?<text>[^\[\]\n]+)\]\[[^\[\]\n]*\]")]
    private static partial Regex ReferenceLink();

    [GeneratedRegex(@"<(?<url>(?:https?|mailto):[^<>\s]+)>")]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"(?<![\w*])(?<marker>\*{1,3})(?=[^\s*])(?<text>[^*\n]*?[^\s*])\k<marker>(?![\w*])")]
    private static partial Regex StarEmphasis();

    [GeneratedRegex(@"(?<![\w_])(?<marker>_{1,3})(?=[^\s_])(?<text>[^_\n]*?[^\s_])\k<marker>(?![\w_])")]
    private static partial Regex UnderscoreEmphasis();

    [GeneratedRegex(@"~~(?=\S)(?<text>[^~\n]*?\S)~~")]
    private static partial Regex Strikethrough();
}
