namespace RedisAspire.Core.Ingestion;

/// <summary>What ingestion did with one document.</summary>
internal enum DocumentStatus
{
    /// <summary>Rows of the document were written or deleted in both tiers.</summary>
    Written,

    /// <summary>The tiers already held this version: nothing was embedded or written.</summary>
    Unchanged,

    /// <summary>The document was deleted from both tiers.</summary>
    Deleted,

    /// <summary>A delete of a document the tiers did not hold: nothing to do.</summary>
    NotFound,

    /// <summary>The tiers hold a version updated later than this one, which was left alone (a redelivered older message).</summary>
    Stale,

    /// <summary>A later operation on the same document in the same batch replaced this one.</summary>
    Superseded,

    /// <summary>The document could not be ingested; <see cref="DocumentOutcome.Error"/> says why.</summary>
    Failed,
}
