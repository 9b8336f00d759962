using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Ingestion;

/// <summary>The configuration section <c>Ingestion:Chunking</c>: how documents are cut into the passages that are embedded.</summary>
public sealed class ChunkingOptions : IValidatableObject
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Ingestion:Chunking";

    /// <summary>The smallest chunk accepted: fewer words rarely carry enough context to be found by meaning.</summary>
    public const int MinChunkWords = 16;

    /// <summary>
    /// The largest chunk accepted: 2,000 words are about 2,700 tokens, already past what most embedding models read
    /// (all-MiniLM-L6-v2 reads 256 word pieces), so longer chunks would be cut by the model, not by us.
    /// </summary>
    public const int MaxChunkWords = 2000;

    /// <summary>
    /// <c>Ingestion:Chunking:ChunkWords</c>: the most words in a chunk (default 100). A chunk ends up to a quarter
    /// shorter where that lets it end at a paragraph or a sentence. The default fits the local model: 100 words of the
    /// PostgreSQL manual are under 800 characters 99 % of the time, so with its title a chunk stays within
    /// <c>Embeddings:Local:MaxInputCharacters</c> (1,000) and is embedded whole; models with longer inputs can take more.
    /// </summary>
    [Range(MinChunkWords, MaxChunkWords, ErrorMessage = "Ingestion:Chunking:ChunkWords must be between {1} and {2}.")]
    public int ChunkWords { get; set; } = 100;

    /// <summary>
    /// <c>Ingestion:Chunking:OverlapWords</c>: how many words at the end of a chunk start the next one again (default
    /// 20), so a passage cut by a chunk boundary is still whole in one of them. At least 0 and less than half of
    /// <see cref="ChunkWords"/>: then every chunk moves on by more than a quarter of a window, no word is in more
    /// than two chunks, and a document of N words gives fewer than 4N / ChunkWords + 1 chunks.
    /// </summary>
    [Range(0, MaxChunkWords / 2, ErrorMessage = "Ingestion:Chunking:OverlapWords must be between {1} and {2}.")]
    public int OverlapWords { get; set; } = 20;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OverlapWords * 2 >= ChunkWords)
        {
            yield return new ValidationResult(
                $"Ingestion:Chunking:OverlapWords must be less than half of Ingestion:Chunking:ChunkWords ({ChunkWords}); it is {OverlapWords}.",
                [nameof(OverlapWords)]);
        }
    }
}
