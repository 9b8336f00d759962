using System.Runtime.CompilerServices;
using System.Text;

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

    private readonly SourceFileReader _reader;
    private readonly long _maxFileBytes;

    /// <summary>A source for <paramref name="directory"/>; throws an <see cref="ArgumentException"/> for a blank directory, a bad default tenant or a size limit under one byte.</summary>
    public FolderSource(string directory, FolderImportDefaults defaults, long maxFileBytes = DefaultMaxFileBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFileBytes, 1);
        _reader = new SourceFileReader(defaults);
        RootDirectory = Path.GetFullPath(directory);
        _maxFileBytes = maxFileBytes;
    }

    /// <summary>The folder read, as a full path.</summary>
    public string RootDirectory { get; }

    /// <summary>
    /// The folder's documents, errors and skipped files, file by file in ordinal order of their relative paths (hidden
    /// files and folders left out), so the same folder always gives the same items. A document id already given to an
    /// earlier document of the import is an error (<see cref="SourceFileReader"/> reads the files' text). Throws <see cref="DirectoryNotFoundException"/> when the folder is missing.
    /// </summary>
    public async IAsyncEnumerable<FolderImportItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var files = Directory
            .EnumerateFiles(RootDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
            .Select(path => (Path: path, Relative: RelativePath(path)))
            .OrderBy(file => file.Relative, StringComparer.Ordinal)
            .ToList();
        foreach (var (path, relative) in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kind = SourceFileReader.KindOf(path);
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
                await foreach (var item in ReadJsonlAsync(path, relative, cancellationToken).ConfigureAwait(false))
                {
                    yield return item;
                }
            }
            else
            {
                yield return await ReadFileAsync(path, relative, kind, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // A markdown, text or HTML file as one document.
    private async Task<FolderImportItem> ReadFileAsync(string path, string relative, SourceFileKind kind, CancellationToken cancellationToken)
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

        return _reader.ReadDocument(relative, kind, content, new DateTimeOffset(updatedAt, TimeSpan.Zero));
    }

    // A JSONL file, one document a line (blank lines skipped); a bad line is an error and the next line is read.
    private async IAsyncEnumerable<FolderImportItem> ReadJsonlAsync(
        string path, string relative, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                    yield return _reader.ReadLine(relative, lineNumber, line);
                }
            }
        }
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
}
