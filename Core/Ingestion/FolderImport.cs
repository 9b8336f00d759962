using Microsoft.Extensions.Options;
using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// Imports a folder under <c>Ingestion:FolderImport:Root</c> through the ingestion queue: reads it with
/// <see cref="FolderSource"/> and enqueues its documents in batches the queue accepts, one operation each, holding one
/// batch at a time.
/// </summary>
public sealed class FolderImport(IngestionQueue queue, IOptions<FolderImportOptions> options)
{
    /// <summary>The most errors a result lists; the rest are only counted.</summary>
    public const int MaxErrors = 100;

    // Symbolic links followed while resolving one path before giving up, as the kernel's own limit (ELOOP) does.
    private const int MaxLinks = 40;

    // An operation id's length, so a message measured before it has an operation serializes to its final size.
    private static readonly string PlaceholderOperation = new('0', 32);

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Whether folder import is enabled (<c>Ingestion:FolderImport:Root</c> is set).</summary>
    public bool IsEnabled => options.Value.IsEnabled;

    /// <summary>
    /// Reads the folder <paramref name="path"/> (absolute, or relative to Root) and enqueues its documents with
    /// <paramref name="defaults"/>. Batches already queued stay queued when a later one fails or the import is cancelled.
    /// </summary>
    /// <exception cref="InvalidOperationException">Folder import is disabled.</exception>
    /// <exception cref="ArgumentException">
    /// The path is blank, not valid or outside Root (ParamName <c>path</c>), or the default tenant is not valid (ParamName <c>tenant</c>).
    /// </exception>
    /// <exception cref="DirectoryNotFoundException">There is no such folder under Root.</exception>
    /// <exception cref="IngestionQueueFullException">The queue had no room for a batch; its message names the operations already queued.</exception>
    public async Task<FolderImportResult> ImportAsync(string path, FolderImportDefaults defaults, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        var source = new FolderSource(ResolveFolder(path), defaults);
        var settings = queue.Settings;
        var operations = new List<string>();
        var errors = new List<FolderImportError>();
        var batch = new List<IngestionMessage>();
        long batchBytes = 0;
        int documents = 0, skipped = 0, moreErrors = 0;

        await foreach (var item in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.IsError)
            {
                AddError(item.Error);
                continue;
            }

            if (!item.IsDocument)
            {
                skipped++;
                continue;
            }

            // Measured here so that one document too large for the queue is an error of its own file, rather than a
            // refusal of the whole batch it would have joined.
            var message = IngestionMessage.Upsert(item.Document);
            var bytes = IngestionMessageFormat.ByteCount(IngestionMessageFormat.ToFields(message, PlaceholderOperation));
            if (bytes > settings.MaxEntryBytes)
            {
                AddError(new FolderImportError(item.File, null, "body",
                    $"The document '{item.Document.Id}' is {bytes} bytes serialized; the queue takes at most {settings.MaxEntryBytes} (Ingestion:Queue:MaxEntryBytes)."));
                continue;
            }

            if (batch.Count == settings.MaxBatchDocuments || batchBytes + bytes > settings.MaxBatchBytes)
            {
                await FlushAsync().ConfigureAwait(false);
            }

            batch.Add(message);
            batchBytes += bytes;
        }

        if (batch.Count > 0)
        {
            await FlushAsync().ConfigureAwait(false);
        }

        return new FolderImportResult(operations, documents, skipped, errors, moreErrors);

        void AddError(FolderImportError error)
        {
            if (errors.Count < MaxErrors)
            {
                errors.Add(error);
            }
            else
            {
                moreErrors++;
            }
        }

        async Task FlushAsync()
        {
            try
            {
                operations.Add(await queue.EnqueueBulkAsync(batch, cancellationToken).ConfigureAwait(false));
            }
            catch (IngestionQueueFullException exception) when (operations.Count > 0)
            {
                // The caller would otherwise not know that part of the folder is on its way.
                throw new IngestionQueueFullException(
                    $"{exception.Message} {documents} documents of the folder were already queued as operations {string.Join(", ", operations)}; importing the folder again later writes them again, which changes nothing.",
                    exception);
            }

            documents += batch.Count;
            batch.Clear();
            batchBytes = 0;
        }
    }

    /// <summary>
    /// The full path, symbolic links resolved, of the folder <paramref name="path"/> (absolute, or relative to Root),
    /// once it is known to be inside Root; throws as <see cref="ImportAsync"/> does.
    /// </summary>
    public string ResolveFolder(string path)
    {
        if (!IsEnabled)
        {
            throw new InvalidOperationException(
                $"Folder import is disabled: set {FolderImportOptions.SectionName}:Root to the folder under which imports are allowed.");
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("path is required: a folder under the import root.", nameof(path));
        }

        var root = Path.GetFullPath(options.Value.Root!);
        string full;
        try
        {
            full = Path.GetFullPath(path, root);
        }
        catch (Exception exception) when (exception is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ArgumentException("path is not a valid path.", nameof(path), exception);
        }

        // Checked before the folder is looked at, so a path outside Root is refused without saying whether it exists.
        if (!IsWithin(full, root))
        {
            throw Outside(path);
        }

        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"There is no folder '{path}' under the import root.");
        }

        // A link inside Root may point anywhere: what counts is where the files really are.
        var real = RealPath(full, path, 0);
        if (!IsWithin(real, RealPath(root, path, 0)))
        {
            throw Outside(path);
        }

        return real;
    }

    private static ArgumentException Outside(string path) =>
        new($"path '{path}' is outside the import root ({FolderImportOptions.SectionName}:Root).", nameof(path));

    private static bool IsWithin(string path, string root)
    {
        root = Path.TrimEndingDirectorySeparator(root);
        path = Path.TrimEndingDirectorySeparator(path);
        if (string.Equals(path, root, PathComparison))
        {
            return true;
        }

        var prefix = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, PathComparison);
    }

    // The path with every symbolic link along it replaced by its target, component by component from the top, so a
    // link in a parent folder counts as much as one at the end.
    private static string RealPath(string fullPath, string requested, int links)
    {
        var top = Path.GetPathRoot(fullPath) ?? string.Empty;
        var current = top;
        foreach (var part in fullPath[top.Length..].Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Join(current, part);
            if (new DirectoryInfo(next).LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    throw new ArgumentException($"path '{requested}' goes through more than {MaxLinks} symbolic links.", nameof(requested));
                }

                // A relative target is relative to the folder holding the link, which is already resolved.
                next = RealPath(Path.GetFullPath(target, current), requested, links);
            }

            current = next;
        }

        return current;
    }
}
