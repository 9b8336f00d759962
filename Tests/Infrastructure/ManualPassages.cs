using System.Net;
using System.Text.RegularExpressions;

namespace RedisAspire.Tests.Infrastructure;

/// <summary>
/// Real text for vector tests: the paragraphs of the PostgreSQL manual's HTML pages (a Debian package eng/setup.sh
/// installs), in a fixed order so every run gets the same passages.
/// </summary>
internal static partial class ManualPassages
{
    private const int MinimumWords = 12;

    /// <summary>
    /// Paragraphs are cut to their first words: the model's cost grows with the square of the text's length, and
    /// forty words keep each passage's topic.
    /// </summary>
    private const int MaximumWords = 40;

    /// <summary>The first <paramref name="count"/> distinct paragraphs of at least twelve words, cut to forty.</summary>
    public static IReadOnlyList<string> Load(int count)
    {
        var passages = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paragraph in Paragraphs())
        {
            var words = paragraph.Split(' ');
            var text = string.Join(' ', words.Take(MaximumWords));
            if (words.Length >= MinimumWords && seen.Add(text))
            {
                passages.Add(text);
                if (passages.Count == count)
                {
                    return passages;
                }
            }
        }

        throw new InvalidOperationException($"The PostgreSQL manual in {ManualDirectory()} has only {passages.Count} paragraphs of {MinimumWords}+ words; {count} were asked for.");
    }

    /// <summary>The manual's HTML directory.</summary>
    internal static string ManualDirectory() =>
        Directory.EnumerateDirectories("/usr/share/doc", "postgresql-doc-*")
            .Select(path => Path.Join(path, "html"))
            .Where(Directory.Exists)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault()
        ?? throw new InvalidOperationException("The PostgreSQL manual (Debian package postgresql-doc) is not installed: run ./eng/setup.sh.");

    /// <summary>Every paragraph's text of the manual, page by page in a fixed order, without tags and with white space collapsed.</summary>
    private static IEnumerable<string> Paragraphs() => HtmlParagraphs(ManualDirectory(), SearchOption.TopDirectoryOnly);

    /// <summary>Every paragraph's text of the HTML pages in <paramref name="directory"/>, page by page in a fixed order.</summary>
    internal static IEnumerable<string> HtmlParagraphs(string directory, SearchOption pages)
    {
        foreach (var page in Directory.EnumerateFiles(directory, "*.html", pages).Order(StringComparer.Ordinal))
        {
            foreach (Match paragraph in Paragraph().Matches(File.ReadAllText(page)))
            {
                yield return Whitespace().Replace(WebUtility.HtmlDecode(Tag().Replace(paragraph.Groups[1].Value, " ")), " ").Trim();
            }
        }
    }

    [GeneratedRegex("<p[^>]*>(.*?)</p>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Paragraph();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
