using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Integration.Retrieval;

/// <summary>Documents for the cold tier's tests, with the hot tier contract's seed values.</summary>
internal static class ColdDocuments
{
    public const long Fresh = 1714600000;
    public const long Retired = 1700000000;
    public static readonly DateTimeOffset Cutoff = DateTimeOffset.FromUnixTimeSeconds(1714521600);

    public static ColdDocument Document(
        string id, float[] vector, string tenant = "tidewater", string? language = "en", long updatedAt = Fresh, string? title = null,
        string body = "body", string metadata = "{}") => new()
    {
        Id = id,
        Tenant = tenant,
        Language = language,
        Title = title ?? $"Document {id}",
        Body = body,
        Metadata = metadata,
        UpdatedAt = DateTimeOffset.FromUnixTimeSeconds(updatedAt),
        ContentHash = ContentHash.Of(body),
        EmbeddingModel = "test-model",
        Vector = vector,
    };

    /// <summary>The hot tier contract's six documents: the same vectors, tenants, languages, dates and titles.</summary>
    public static IReadOnlyList<ColdDocument> Seed() =>
    [
        Document("1", [1, 0, 0, 0], "tidewater", "en", Fresh, "Insulin storage policy v3"),
        Document("2", [0.9f, 0.1f, 0, 0], "tidewater", "en", Fresh, "Insulin transport guideline"),
        Document("3", [0.95f, 0.05f, 0, 0], "tidewater", "fr", Fresh, "Politique de stockage de l'insuline"),
        Document("4", [0.99f, 0.01f, 0, 0], "beancraft", "en", Fresh, "Espresso machine descaling"),
        Document("5", [0.98f, 0.02f, 0, 0], "tidewater", "en", Retired, "Insulin storage policy v1 (retired)"),
        Document("6", [0, 1, 0, 0], "tidewater", "en", Fresh, "Hand hygiene"),
    ];
}
