namespace RedisAspire.Core.Ingestion;

/// <summary>What a chunk of a new version needs.</summary>
internal enum ChunkAction
{
    /// <summary>New, or its text, title or model changed: embedded and written.</summary>
    Embed,

    /// <summary>Same text, title and model, other fields changed (tenant, language, metadata): written with its stored vector.</summary>
    Rewrite,

    /// <summary>The cold tier holds it as it is: neither embedded nor written.</summary>
    Unchanged,
}
