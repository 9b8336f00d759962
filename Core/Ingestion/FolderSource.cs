using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Reads a folder and its subfolders into source documents: markdown (<c>.md</c>), text (<c>.txt</c>) and HTML
/// (<c>.html</c>, <c>.htm</c>) files as one document each, JSONL (<c>.jsonl</c>) files as one document a line. A bad
/// file or line becomes an error item and the import goes on; files of other kinds become skipped items.
/// </summary>
internal sealed class FolderSource
{
    /// <summary>The largest file read by default (10 MB); larger files are reported as errors, not read.</summary>
    public const long DefaultMaxFileBytes = 10 * 1024 * 1024;

    private readonly FolderImportDefaults _defaults;
    private readonly long _maxFileBytes;

    /// <summary>A source for <paramref name="directory"/>; throws an <see cref="ArgumentException"/> for a blank directory, a bad default tenant or a size limit under one byte.</summary>
    public FolderSource(string directory, FolderImportDefaults defaults, long maxFileBytes = DefaultMaxFileBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(defaults);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        if (string.IsNullOrWhiteSpace(defaults.Tenant) || defaults.Tenant.Length > SourceDocument.MaxTenantLength)
        {
            throw new ArgumentException($"The default tenant must be 1 to {SourceDocument.MaxTenantLength} characters and not blank.", "tenant");
        }

        RootDirectory = Path.GetFullPath(directory);
        _defaults = defaults;
        _maxFileBytes = maxFileBytes;
    }

    /// <summary>The folder read, as a full path.</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// The folder's documents, errors and skipped files, file by file in ordinal order of their relative paths (hidden
    /// files and folders left out), so the same folder always gives the same items. A document id already given to an
    /// earlier document of the import is an error. Throws <see cref="DirectoryNotFoundException"/> when the folder is missing.
    /// </summary>
    public async IAsyncEnumerable<FolderImportItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = Directory
            .EnumerateFiles(RootDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Select(path => (Path: path, Relative: RelativePath(path)))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = FileKind(path);
            if (kind == SourceFileKind.Other)
            {
                yield return FolderImportItem.Skipped(relative);
            }
            else if (TooLarge(path, relative) is { } tooLarge)
            {
                yield return FolderImportItem.Failed(tooLarge);
            }
            else if (kind == SourceFileKind.Jsonl)
            {
                await foreach (var item in ReadJsonlAsync(path, relative, taken, cancellationToken).ConfigureAwait(false))
                {
                    yield return item;
                }
            }
            else
            {
                yield return await ReadFileAsync(path, relative, kind, taken, cancellationToken).ConfigureAwait(false);
            }
        }
    }

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

    private static SourceFileKind FileKind(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".md" => SourceFileKind.Markdown,
        ".txt" => SourceFileKind.Text,
        ".html" or ".htm" => SourceFileKind.Html,
        ".jsonl" => SourceFileKind.Jsonl,
        _ => SourceFileKind.Other,
    };

    // A markdown, text or HTML file as one document; its title from the file, else the file's name.
    private async Task<FolderImportItem> ReadFileAsync(
        string path, string relative, SourceFileKind kind, Dictionary<string, string> taken, CancellationToken cancellationToken)
    {
        string content;
        DateTime updatedAt;
        try
        {
            content = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            updatedAt = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return FolderImportItem.Failed(Unreadable(relative, null, exception));
        }

        var extracted = kind switch
        {
            SourceFileKind.Markdown => TextNormalizer.FromMarkdown(content),
            SourceFileKind.Html => TextNormalizer.FromHtml(content),
            _ => TextNormalizer.FromPlainText(content),
        };
        return Accept(relative, null, taken, () => new SourceDocument
        {
            Id = DocumentId(relative),
            Tenant = _defaults.Tenant,
            Language = _defaults.Language,
            Title = extracted.Title ?? TextNormalizer.ToTitle(Path.GetFileNameWithoutExtension(path)),
            Body = extracted.Text,
            UpdatedAt = new DateTimeOffset(updatedAt, TimeSpan.Zero),
            Metadata = JsonSerializer.Serialize(new Dictionary<string, string> { ["path"] = relative }),
        });
    }

    // A JSONL file, one document a line (blank lines skipped); a bad line is an error and the next line is read.
    private async IAsyncEnumerable<FolderImportItem> ReadJsonlAsync(
        string path, string relative, Dictionary<string, string> taken, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StreamReader? reader = null;
        FolderImportError? unopened = null;
        try
        {
            reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            unopened = Unreadable(relative, null, exception);
        }

        if (reader is null)
        {
            yield return FolderImportItem.Failed(unopened!);
            yield break;
        }

        using (reader)
        {
            for (var lineNumber = 1; ; lineNumber++)
            {
                string? line;
                FolderImportError? failure = null;
                try
                {
                    line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    line = null;
                    failure = Unreadable(relative, lineNumber, exception);
                }

                if (failure is not null)
                {
                    yield return FolderImportItem.Failed(failure);
                }

                if (line is null)
                {
                    yield break;
                }

                if (!string.IsNullOrWhiteSpace(line))
                {
                    yield return Accept(relative, lineNumber, taken, () => SourceDocumentJson.Parse(line, _defaults.Tenant, _defaults.Language));
                }
            }
        }
    }

    // The document read, validated and not yet taken; else the error, naming the field.
    private static FolderImportItem Accept(string relative, int? line, Dictionary<string, string> taken, Func<SourceDocument> read)
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
            return FolderImportItem.Failed(new FolderImportError(relative, line, exception.ParamName, message));
        }

        // Ids are global across tenants: a second document with the same id would silently replace the first.
        var where = line is null ? relative : $"{relative} line {line}";
        if (!taken.TryAdd(document.Id, where))
        {
            return FolderImportItem.Failed(new FolderImportError(
                relative, line, "id", $"id '{document.Id}' is already taken by {taken[document.Id]}."));
        }

        return FolderImportItem.Of(relative, document);
    }

    private static FolderImportError Unreadable(string relative, int? line, Exception exception) =>
        new(relative, line, null, $"The file could not be read: {exception.Message}");

    private FolderImportError? TooLarge(string path, string relative)
    {
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Unreadable(relative, null, exception);
        }

        return length > _maxFileBytes
            ? new FolderImportError(relative, null, null, $"The file has {length} bytes; files over {_maxFileBytes} bytes are not read.")
            : null;
    }

    private string RelativePath(string path) => Path.GetRelativePath(RootDirectory, path).Replace(Path.DirectorySeparatorChar, '/');

    private enum SourceFileKind
    {
        Other,
        Markdown,
        Text,
        Html,
        Jsonl,
    }
}
