using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Ingestion;

/// <summary>
/// The configuration section <c>Ingestion</c>: how the ingestion pipeline cuts and batches its work. The
/// defaults suit the local model on two cores; a remote model with higher latency wants larger embedding batches.
/// </summary>
public sealed class IngestionOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ingestion";

    /// <summary><c>Ingestion:Chunking</c>: chunk size and overlap.</summary>
    public ChunkingOptions Chunking { get; set; } = new();

    /// <summary>
    /// <c>Ingestion:EmbedBatchSize</c>: at most this many chunks go to the embedding generator in one call (default
    /// 32, the local model's own batch size); chunks of several documents share a call.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Ingestion:EmbedBatchSize must be between {1} and {2}.")]
    public int EmbedBatchSize { get; set; } = 32;

    /// <summary>
    /// <c>Ingestion:WriteBatchSize</c>: at most this many documents are written to PostgreSQL in one transaction
    /// (default 64), followed by one hot-tier update and one invalidation per tenant.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Ingestion:WriteBatchSize must be between {1} and {2}.")]
    public int WriteBatchSize { get; set; } = 64;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Chunking is null)
        {
            yield return new ValidationResult("Ingestion:Chunking must not be null.", [nameof(Chunking)]);
            yield break;
        }

        // Data annotations do not look into nested objects.
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(Chunking, new ValidationContext(Chunking), results, validateAllProperties: true);
        foreach (var result in results)
        {
            yield return result;
        }
    }
}
