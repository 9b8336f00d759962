using RedisAspire.Core.Ingestion.Queue;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// One folder import's way onto the queue: documents gathered into batches the queue accepts, each enqueued as one
/// operation when the next document would not fit, and the errors met on the way (the first <see cref="FolderImport.MaxErrors"/>).
/// </summary>
internal sealed class FolderImportBatches(IngestionQueue queue)
{
    // An operation id's length, so a message measured before it has an operation serializes to its final size.
    private static readonly string PlaceholderOperation = new('0', 32);

    private readonly IngestionQueueOptions settings = queue.Settings;
    private readonly List<string> operations = [];
    private readonly List<FolderImportError> errors = [];
    private readonly List<IngestionMessage> batch = [];
    private long batchBytes;
    private int documents;
    private int skipped;
    private int moreErrors;

    /// <summary>Counts a file that holds no document.</summary>
    public void Skip() => skipped++;

    /// <summary>Records a file or line that could not be imported.</summary>
    public void Fail(FolderImportError error)
    {
        if (errors.Count < FolderImport.MaxErrors)
        {
            errors.Add(error);
        }
        else
        {
            moreErrors++;
        }
    }

    /// <summary>Adds the document of <paramref name="file"/>, enqueuing the batch first when it would not fit.</summary>
    public async Task AddAsync(SourceDocument document, string file, CancellationToken cancellationToken)
    {
        // Measured here so that one document too large for the queue is an error of its own file, rather than a
        // refusal of the whole batch it would have joined.
        var message = IngestionMessage.Upsert(document);
        var bytes = IngestionMessageFormat.ByteCount(IngestionMessageFormat.ToFields(message, PlaceholderOperation));
        if (bytes > settings.MaxEntryBytes)
        {
            Fail(new FolderImportError(file, null, "body",
                $"The document '{document.Id}' is {bytes} bytes serialized; the queue takes at most {settings.MaxEntryBytes} (Ingestion:Queue:MaxEntryBytes)."));
            return;
        }

        if (batch.Count == settings.MaxBatchDocuments || batchBytes + bytes > settings.MaxBatchBytes)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        batch.Add(message);
        batchBytes += bytes;
    }

    /// <summary>Enqueues what is left and says what the import did.</summary>
    public async Task<FolderImportResult> CompleteAsync(CancellationToken cancellationToken)
    {
        if (batch.Count > 0)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return new FolderImportResult(operations, documents, skipped, errors, moreErrors);
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
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
