using Microsoft.Extensions.AI;
using RedisAspire.Core.Caching;

namespace RedisAspire.Core.Embeddings;

/// <summary>
/// Cache-aside embeddings on <see cref="IResultCache"/>, in the spirit of Microsoft.Extensions.AI's
/// <c>UseDistributedCache</c>: each text is looked up under <see cref="EmbeddingCacheKey"/>, the inner generator is
/// called once with only the texts the cache lacks, and each new embedding is stored under <see cref="Policy"/>.
/// Every returned embedding carries its <see cref="CacheOutcome"/> and key (see <see cref="EmbeddingCacheProperties"/>).
/// </summary>
/// <remarks>
/// The inner generator receives the normalised texts (<see cref="EmbeddingCacheKey.Normalize"/>). A call for a tenant
/// (<see cref="EmbeddingCacheProperties.ForTenant"/>) uses that tenant's entries. Calls whose
/// <see cref="EmbeddingGenerationOptions"/> ask for another model, other dimensions or other properties bypass the
/// cache, since their vectors would not match the key.
/// </remarks>
internal sealed partial class CachingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    private readonly IResultCache cache;

    /// <summary>Caches what <paramref name="innerGenerator"/> produces, keyed by <paramref name="modelId"/> and text.</summary>
    public CachingEmbeddingGenerator(
        IEmbeddingGenerator<string, Embedding<float>> innerGenerator,
        IResultCache cache,
        CachePolicy policy,
        string modelId)
        : base(innerGenerator)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        CacheKeys.ValidateKey(EmbeddingCacheKey.Create(modelId, ""));
        this.cache = cache;
        Policy = policy;
        ModelId = modelId;
    }

    /// <summary>The model segment of every key this generator uses.</summary>
    public string ModelId { get; }

    /// <summary>How new embeddings are stored.</summary>
    public CachePolicy Policy { get; }

    /// <summary>The cache key this generator uses for <paramref name="text"/>, embedded for <paramref name="tenant"/> or shared.</summary>
    public string KeyFor(string text, string? tenant = null) => Partition(tenant) + EmbeddingCacheKey.Create(ModelId, text);

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!IsCacheable(options))
        {
            return await base.GenerateAsync(values, options, cancellationToken).ConfigureAwait(false);
        }

        // The tenant only chooses the entries: the model is always asked without options, as for anyone.
        var partition = Partition(options?.AdditionalProperties?.GetValueOrDefault(EmbeddingCacheProperties.Tenant) as string);
        if (values is IReadOnlyList<string> { Count: 1 } single)
        {
            return [await EmbedOneCachedAsync(single[0], partition, cancellationToken).ConfigureAwait(false)];
        }

        // One lookup per distinct key: a second lookup of a key in the same batch would wait on the first one's
        // factory, which waits for the whole batch.
        var uniqueIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var unique = new List<(string Key, string Text)>();
        var positions = new List<int>();
        foreach (var value in values)
        {
            var (key, text) = Entry(partition, value);
            if (!uniqueIndex.TryGetValue(key, out var position))
            {
                position = unique.Count;
                uniqueIndex.Add(key, position);
                unique.Add((key, text));
            }

            positions.Add(position);
        }

        var results = unique.Count switch
        {
            0 => [],
            1 => [await cache.GetOrCreateAsync(
                    unique[0].Key, token => EmbedOneAsync(unique[0].Text, token), Policy, cancellationToken).ConfigureAwait(false)],
            _ => await GenerateBatchAsync(unique, cancellationToken).ConfigureAwait(false),
        };

        var embeddings = new GeneratedEmbeddings<Embedding<float>>(positions.Count);
        foreach (var position in positions)
        {
            embeddings.Add(ToEmbedding(results[position], unique[position].Key));
        }

        return embeddings;
    }

    // The common call, one text (a question, a query): no batch bookkeeping on the hit path.
    private async Task<Embedding<float>> EmbedOneCachedAsync(string value, string partition, CancellationToken cancellationToken)
    {
        var (key, text) = Entry(partition, value);
        var result = await cache.GetOrCreateAsync(key, token => EmbedOneAsync(text, token), Policy, cancellationToken).ConfigureAwait(false);
        return ToEmbedding(result, key);
    }

    // A text's key and the normalised text the model is given.
    private (string Key, string Text) Entry(string partition, string? value)
    {
        var text = EmbeddingCacheKey.Normalize(value ?? throw new ArgumentException("The texts must not contain null.", "values"));
        return (partition + EmbeddingCacheKey.FromNormalized(ModelId, text), text);
    }

    private static bool IsCacheable(EmbeddingGenerationOptions? options) =>
        options is null
        || (options.ModelId is null && options.Dimensions is null && options.RawRepresentationFactory is null
            && (options.AdditionalProperties is null || options.AdditionalProperties.Keys.All(key => key == EmbeddingCacheProperties.Tenant)));

    private static string Partition(string? tenant) => tenant is null ? string.Empty : TenantKeys.Of(tenant);

    private async ValueTask<CachedEmbedding> EmbedOneAsync(string text, CancellationToken cancellationToken)
    {
        var generated = await InnerGenerator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
        RequireCount(generated, 1);
        return ToCached(generated[0]);
    }

    private static void RequireCount(GeneratedEmbeddings<Embedding<float>> generated, int expected)
    {
        if (generated.Count != expected)
        {
            throw new InvalidOperationException($"The embedding generator returned {generated.Count} embeddings for {expected} texts.");
        }
    }

    private static CachedEmbedding ToCached(Embedding<float> embedding) =>
        new(embedding.Vector.ToArray(), embedding.ModelId, embedding.CreatedAt);

    private static Embedding<float> ToEmbedding(CacheResult<CachedEmbedding> result, string key) =>
        new(result.Value.Vector)
        {
            ModelId = result.Value.ModelId,
            CreatedAt = result.Value.CreatedAt,
            AdditionalProperties = new()
            {
                [EmbeddingCacheProperties.Outcome] = result.Outcome,
                [EmbeddingCacheProperties.Key] = key,
            },
        };
}
