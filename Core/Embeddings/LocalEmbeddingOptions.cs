using System.ComponentModel.DataAnnotations;

namespace RedisAspire.Core.Embeddings;

/// <summary>The configuration section <c>Embeddings:Local</c>.</summary>
public sealed class LocalEmbeddingOptions
{
    /// <summary>
    /// <c>Embeddings:Local:Model</c>: all-MiniLM-L6-v2 (the default) or snowflake-arctic-embed-xs. Changing it on a
    /// database of the other model re-embeds every document (see <c>POST /reembed</c>).
    /// </summary>
    public string Model { get; set; } = LocalEmbeddingModels.Default;

    /// <summary>
    /// <c>Embeddings:Local:BatchSize</c>: at most this many texts go to the model in one call (default 32, measured
    /// 250–330 texts a second on 2 cores).
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Embeddings:Local:BatchSize must be between {1} and {2}.")]
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// <c>Embeddings:Local:MaxInputCharacters</c>: longer texts are cut, at a word boundary, to this many characters
    /// before encoding (default 1,000). all-MiniLM-L6-v2 was trained on at most 256 word pieces; English prose runs
    /// about 4.7 characters a word piece, so 1,000 characters stay within what the model learnt.
    /// </summary>
    [Range(16, 100_000, ErrorMessage = "Embeddings:Local:MaxInputCharacters must be between {1} and {2}.")]
    public int MaxInputCharacters { get; set; } = 1_000;

    /// <summary>
    /// <c>Embeddings:Local:Threads</c>: the most cores the model keeps busy (unset: all but one, at least one). Model
    /// calls run one at a time on a thread of their own, so the thread pool and the cores left over stay free for the
    /// process's I/O, such as reading Redis's replies.
    /// </summary>
    [Range(1, 1024, ErrorMessage = "Embeddings:Local:Threads must be between {1} and {2}.")]
    public int? Threads { get; set; }

    /// <summary><see cref="Threads"/>, or its default for this machine.</summary>
    public int EffectiveThreads => Threads ?? Math.Max(1, Environment.ProcessorCount - 1);
}
