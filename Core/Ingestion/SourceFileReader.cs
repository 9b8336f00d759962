using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Turns a file's text into source documents, for a folder import and an upload alike: markdown, text and HTML as one
/// document each (id from the file's path, title from the file), JSONL as one document a line. A bad file or line
/// becomes an error item naming the field; a document id already given to an earlier document of the same reader is an
/// error too, since ids are global across tenants.
/// </summary>
public sealed class SourceFileReader
{
    private readonly FolderImportDefaults defaults;
    private readonly Dictionary<string, string> taken = new(StringComparer.Ordinal);

    /// <summary>A reader giving <paramref name="defaults"/> to documents that do not say; throws an <see cref="ArgumentException"/> (ParamName <c>tenant</c>) for a blank or too long default tenant.</summary>
    public SourceFileReader(FolderImportDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        if (string.IsNullOrWhiteSpace(defaults.Tenant) || defaults.Tenant.Length > SourceDocument.MaxTenantLength)
        {
            throw new ArgumentException($"The default tenant must be 1 to {SourceDocument.MaxTenantLength} characters and not blank.", "tenant");
        }

        this.defaults = defaults;
    }

    /// <summary>The extensions read, in the order they are documented.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".md", ".txt", ".html", ".htm", ".jsonl"];

    /// <summary>The kind of <paramref name="fileName"/>, by its extension (any case).</summary>
    public static SourceFileKind KindOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".md" => SourceFileKind.Markdown,
        ".txt" => SourceFileKind.Text,
        ".html" or ".htm" => SourceFileKind.Html,
        ".jsonl" => SourceFileKind.Jsonl,
        _ => SourceFileKind.Other,
    };

    /// <summary>
    /// The document id of a file at <paramref name="relativePath"/>: lowercase, '/' between directories, every run of
    /// characters other than letters, digits, '.', '_' and '-' as one '-'; a path that would be longer than
    /// <see cref="DocumentChunker.MaxDocumentIdLength"/> is cut and ends with '~' and 8 hex digits of its hash, so ids
    /// stay stable, distinct and chunkable.
    /// </summary>
    public static string DocumentId(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        var path = relativePath.Replace('\\', '/').Normalize(NormalizationForm.FormC);
        var id = new StringBuilder(path.Length);
        foreach (var character in path.ToLowerInvariant())
        {
            var safe = char.IsLetterOrDigit(character) || character is '.' or '_' or '/' ? character : '-';
            var previous = id.Length > 0 ? id[^1] : '\0';
            if ((safe == '-' && previous == '-') || (safe == '/' && (previous is '/' or '\0')))
            {
                continue;
            }

            id.Append(safe);
        }

        var result = id.ToString().Trim('/');
        if (result.Length == 0)
        {
            result = "-";
        }

        if (result.Length <= DocumentChunker.MaxDocumentIdLength)
        {
            return result;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..8];
        return string.Concat(result.AsSpan(0, DocumentChunker.MaxDocumentIdLength - hash.Length - 1), "~", hash);
    }

    /// <summary>
    /// The documents and errors of a whole file held as text, <paramref name="file"/> being its path as documents are
    /// named (relative, '/' between directories); <paramref name="updatedAt"/> dates a markdown, text or HTML file's
    /// document. Nothing for a file of another kind.
    /// </summary>
    public IEnumerable<FolderImportItem> Read(string file, string content, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(content);
        var kind = KindOf(file);
        if (kind == SourceFileKind.Other)
        {
            yield break;
        }

        if (kind != SourceFileKind.Jsonl)
        {
            yield return ReadDocument(file, kind, content, updatedAt);
            yield break;
        }

        using var lines = new StringReader(content);
        var number = 0;
        while (lines.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ReadLine(file, number, line);
            }
        }
    }

    /// <summary>A markdown, text or HTML file's text as one document; its title from the file, else the file's name.</summary>
    internal FolderImportItem ReadDocument(string file, SourceFileKind kind, string content, DateTimeOffset updatedAt)
    {
        var extracted = kind switch
        {
            SourceFileKind.Markdown => TextNormalizer.FromMarkdown(content),
            SourceFileKind.Html => TextNormalizer.FromHtml(content),
            _ => TextNormalizer.FromPlainText(content),
        };
        return Accept(file, null, () => new SourceDocument
        {
            Id = DocumentId(file),
            Tenant = defaults.Tenant,
            Language = defaults.Language,
            Title = extracted.Title ?? TextNormalizer.ToTitle(Path.GetFileNameWithoutExtension(file)),
            Body = extracted.Text,
            UpdatedAt = updatedAt,
            Metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = file }),
        });
    }

    /// <summary>One line (from 1, not blank) of a JSONL file as a document.</summary>
    internal FolderImportItem ReadLine(string file, int line, string text) =>
        Accept(file, line, () => SourceDocumentJson.Parse(text, defaults.Tenant, defaults.Language));

    // The document read, validated and not yet taken; else the error, naming the field.
    private FolderImportItem Accept(string file, int? line, Func<SourceDocument> read)
    {
        SourceDocument document;
        try
        {
            document = read();
            document.Validate();
        }
        catch (ArgumentException exception)
        {
            // ArgumentException appends " (Parameter 'x')" to its message; Field already says which.
            var message = exception.ParamName is null
                ? exception.Message
                : exception.Message.Replace($" (Parameter '{exception.ParamName}')", string.Empty, StringComparison.Ordinal);
            return FolderImportItem.Failed(new FolderImportError(file, line, exception.ParamName, message));
        }

        // Ids are global across tenants: a second document with the same id would silently replace the first.
        var where = line is null ? file : $"{file} line {line}";
        if (!taken.TryAdd(document.Id, where))
        {
            return FolderImportItem.Failed(new FolderImportError(file, line, "id", $"id '{document.Id}' is already taken by {taken[document.Id]}."));
        }

        return FolderImportItem.Of(file, line, document);
    }
}
