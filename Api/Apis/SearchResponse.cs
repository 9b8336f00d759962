using RedisAspire.Core.Caching;
using RedisAspire.Core.Vectors;

namespace RedisAspire.Api.Apis;

/// <summary>What <c>POST /search</c> found, which engine answered, and how long each step took.</summary>
/// <param name="Engine">The engine that answered.</param>
/// <param name="Index">The index searched.</param>
/// <param name="Hits">The documents found, closest first.</param>
/// <param name="Timings">How long embedding and searching took.</param>
/// <param name="Embedding">Whether the query's embedding came from the cache (Hit, L1Hit) or the model (Miss); null for a vector query.</param>
public sealed record SearchResponse(string Engine, string Index, IReadOnlyList<SearchHit> Hits, SearchTimings Timings, CacheOutcome? Embedding);

/// <param name="Id">The document's id.</param>
/// <param name="Title">Its title, when it has one.</param>
/// <param name="Score">COSINE only: the similarity, from 0 to 1 (1 is the same direction).</param>
/// <param name="Distance">The raw distance in the metric's units (COSINE: 1 - cosine; IP: 1 - dot product; L2: squared).</param>
/// <param name="Fields">The other stored fields.</param>
public sealed record SearchHit(string Id, string? Title, double? Score, double? Distance, IReadOnlyDictionary<string, string> Fields)
{
    public static SearchHit From(VectorHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var fields = hit.Fields.Where(field => field.Key != "title").ToDictionary(field => field.Key, field => field.Value, StringComparer.Ordinal);
        return new SearchHit(hit.Id, hit.Fields.GetValueOrDefault("title"), hit.Similarity, hit.Distance, fields);
    }
}

/// <param name="EmbeddingMilliseconds">Embedding the text, cache included; 0 for a vector query.</param>
/// <param name="SearchMilliseconds">The index query, as the Api saw it.</param>
public sealed record SearchTimings(double EmbeddingMilliseconds, double SearchMilliseconds);
