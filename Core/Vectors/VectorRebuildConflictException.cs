namespace RedisAspire.Core.Vectors;

/// <summary>A rebuild was asked for while another rebuild of the same index runs (on any replica).</summary>
public sealed class VectorRebuildConflictException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="indexName"/>.</summary>
    public VectorRebuildConflictException(string indexName)
        : base($"A rebuild of index '{indexName}' is already running; wait for it to finish (GET /indexes/{indexName} shows its progress).")
    {
        IndexName = indexName;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public VectorRebuildConflictException()
        : this("unknown")
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public VectorRebuildConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        IndexName = "unknown";
    }

    /// <summary>The index whose rebuild runs.</summary>
    public string IndexName { get; }
}
