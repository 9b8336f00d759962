using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RedisAspire.Core.Ingestion;
using RedisAspire.Core.Retrieval;

namespace RedisAspire.Tests.Integration.Api;

/// <summary>
/// Documents written straight into the Api's live tiers, as the Worker writes them (no Worker runs in process), for
/// the tests of the endpoints that read them.
/// </summary>
internal static class LiveTiers
{
    /// <summary>The live embedding version's space of the Api.</summary>
    public static EmbeddingSpace Space(this ApiFixture api) => api.Factory.Services.GetRequiredService<EmbeddingSpaces>().Live;

    /// <summary>The dimension of the live index's vectors.</summary>
    public static int Dimension(this ApiFixture api) => api.Space().Hot.Schema.Dimension;

    /// <summary>Writes <paramref name="documents"/> to PostgreSQL and, unless <paramref name="hot"/> leaves them out, to the hot tier too.</summary>
    public static async Task WriteAsync(this ApiFixture api, IReadOnlyList<ColdDocument> documents, Func<ColdDocument, bool>? hot = null)
    {
        var space = api.Space();
        await space.Cold.UpsertAsync(documents, CancellationToken.None);
        foreach (var document in documents.Where(hot ?? (_ => true)))
        {
            await space.Hot.UpsertAsync(document.ToVectorDocument(space.Hot.Schema), CancellationToken.None);
        }
    }

    /// <summary>A document of one chunk (<c>{id}#0</c>) with <paramref name="vector"/>.</summary>
    public static ColdDocument Chunk(string id, string tenant, float[] vector, string? title = null, string? language = "en", int chunk = 0) => new()
    {
        Id = $"{id}#{chunk}",
        DocumentId = id,
        Tenant = tenant,
        Language = language,
        Title = title ?? $"Document {id}",
        Body = $"The text of {id}.",
        UpdatedAt = new DateTimeOffset(2025, 3, 14, 9, 30, 0, TimeSpan.Zero),
        ContentHash = ContentHash.Of($"{id}#{chunk}"),
        EmbeddingModel = "all-MiniLM-L6-v2",
        Vector = vector,
    };

    /// <summary>A document of one chunk embedded by the Api's model from its title and body, as the pipeline embeds it.</summary>
    public static async Task<ColdDocument> EmbeddedChunkAsync(this ApiFixture api, string id, string tenant, string title, string body)
    {
        var text = EmbeddedText.Of(title, body);
        var embedding = await api.Space().Embeddings.GenerateAsync(text);
        return Chunk(id, tenant, embedding.Vector.ToArray(), title) with { Body = body, ContentHash = ContentHash.Of(text) };
    }

    /// <summary>
    /// A unit vector at cosine distance <paramref name="distance"/> (0 to 1) from the first axis, turned towards axis
    /// <paramref name="towards"/>: the query <c>AtDistance(0)</c> finds it at exactly that distance.
    /// </summary>
    public static float[] AtDistance(this ApiFixture api, double distance, int towards = 1)
    {
        var vector = new float[api.Dimension()];
        var cosine = 1 - distance;
        vector[0] = (float)cosine;
        vector[towards] = (float)Math.Sqrt(1 - (cosine * cosine));
        return vector;
    }
}
