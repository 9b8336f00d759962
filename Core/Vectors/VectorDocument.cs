namespace RedisAspire.Core.Vectors;

/// <summary>A document as the vector hot tier holds it: its vector and the fields the schema names.</summary>
/// <param name="Id">The document's id (the element of a Vector Set, the hash key's suffix for RediSearch).</param>
/// <param name="Tags">Values of the schema's TAG fields (tenant, language, ...).</param>
/// <param name="Numbers">Values of the schema's NUMERIC fields (updated_at as unix seconds, ...).</param>
/// <param name="Texts">Values of the schema's TEXT fields, returned with results (title, ...).</param>
public sealed record VectorDocument(
    string Id,
    float[] Vector,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, double> Numbers,
    IReadOnlyDictionary<string, string> Texts);
