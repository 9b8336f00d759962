namespace RedisAspire.Core.Ingestion.Queue;

/// <summary>What a queued message asks the Worker to do with a document.</summary>
public enum IngestionKind
{
    /// <summary>Write the document (insert or replace) in every tier.</summary>
    Upsert,

    /// <summary>Remove the document from every tier.</summary>
    Delete,
}
