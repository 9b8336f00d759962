namespace RedisAspire.Contracts;

/// <summary>A document as PostgreSQL holds it (the vectors' dimension, not the vectors), and how much of it the hot tier holds.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Index">The hot tier's index.</param>
/// <param name="Engine">The hot tier's engine.</param>
/// <param name="Dimensions">The dimension of its vectors.</param>
/// <param name="Chunks">How many rows PostgreSQL holds of it: its chunks (<c>{id}#{n}</c>), or one for a document stored whole.</param>
/// <param name="HotChunks">How many of those the Redis hot tier holds too (the hot set is chosen by asks, chunk by chunk).</param>
/// <param name="InHotTier">Whether the hot tier holds any of them.</param>
/// <param name="Tags">Its TAG fields (tenant, language, ...).</param>
/// <param name="Numbers">Its NUMERIC fields (updated_at as Unix seconds, ...).</param>
/// <param name="Texts">Its TEXT fields (title, ...), as its first chunk holds them.</param>
public sealed record DocumentResponse(
    string Id,
    string Index,
    string Engine,
    int Dimensions,
    int Chunks,
    int HotChunks,
    bool InHotTier,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyDictionary<string, string> Texts);
