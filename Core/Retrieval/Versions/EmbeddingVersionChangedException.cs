namespace RedisAspire.Core.Retrieval;

/// <summary>
/// A write to a table whose embedding version is no longer live: the model changed while the writer was embedding.
/// The writer plans again against the live version; nothing was written.
/// </summary>
internal sealed class EmbeddingVersionChangedException(string table, string? state)
    : InvalidOperationException($"The cold tier's table {table} is {state}: another embedding version is live now.")
{
    /// <summary>The table that was written.</summary>
    public string Table { get; } = table;
}
