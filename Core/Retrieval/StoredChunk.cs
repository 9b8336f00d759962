namespace RedisAspire.Core.Retrieval;

/// <summary>
/// What the cold tier holds of one row of a source document, without its text and vector: enough to tell whether a
/// new version of the document changes the row.
/// </summary>
/// <param name="Id">The row's id (<c>{DocumentId}#{index}</c> for a chunk).</param>
/// <param name="DocumentId">The source document the row belongs to.</param>
/// <param name="ContentHash">The hash of what was embedded.</param>
/// <param name="EmbeddingModel">The model that embedded it.</param>
/// <param name="Tenant">The tenant that owns it.</param>
/// <param name="Language">Its language; null when unknown.</param>
/// <param name="Title">Its title.</param>
/// <param name="Metadata">Its metadata as PostgreSQL returns jsonb (keys sorted, its own spacing).</param>
/// <param name="UpdatedAt">When its document last changed, as written.</param>
internal sealed record StoredChunk(
    string Id,
    string DocumentId,
    string ContentHash,
    string EmbeddingModel,
    string Tenant,
    string? Language,
    string? Title,
    string Metadata,
    DateTimeOffset UpdatedAt);
