using RedisAspire.Core.Embeddings;

namespace RedisAspire.Core.Retrieval;

/// <summary>
/// One embedding model's copy of the documents: which model, its vectors' dimension, the cold tier's table that holds
/// them, and, while it is built, how far the build is.
/// </summary>
/// <param name="Number">1 for the first; each re-embedding takes the next.</param>
/// <param name="RowsTotal">Rows the build found to embed when it last counted; null before it counted.</param>
/// <param name="RowsDone">Rows embedded and written by the build so far.</param>
/// <param name="Error">Why the build failed, when it did.</param>
public sealed record EmbeddingVersion(
    int Number,
    EmbeddingModel Model,
    int Dimensions,
    string Table,
    EmbeddingVersionState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SwitchedAt,
    DateTimeOffset? RetiredAt,
    long? RowsTotal,
    long RowsDone,
    string? Error);
