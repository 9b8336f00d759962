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
        var batches = new FolderImportBatches(queue);
        await foreach (var item in source.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (item.IsError)
            {
                batches.Fail(item.Error);
            }
            else if (item.IsDocument)
            {
                await batches.AddAsync(item.Document, item.File, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                batches.Skip();
            }
        }

        return await batches.CompleteAsync(cancellationToken).ConfigureAwait(false);
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

        return new ImportRoot(options.Value.Root!).Resolve(path);
    }
}
