using System.Globalization;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The vector hot tier on Redis 8's built-in Vector Sets, partitioned by tenant: each tenant's documents in a set of
/// their own (<see cref="VectorSetsKeys"/>), documents without a tenant in one more. A query that names a tenant reads
/// only that tenant's set, with no <c>FILTER</c> for the tenant; one that names none asks every set and merges the
/// nearest. Documents are elements whose JSON attributes hold the schema's fields; other filters are
/// <c>VSIM ... FILTER</c>; rebuilds swap each set in with one <c>RENAME</c> (<c>.Versions.cs</c> holds the writes).
/// </summary>
/// <remarks>
/// Vector Sets compare by cosine only. <c>VSIM</c> scores are <c>(1 + cosine) / 2</c>; hits report the same
/// distance and similarity as RediSearch's COSINE (distance <c>1 - cosine</c>, similarity the cosine clamped to
/// [0, 1]) so callers see one scale whichever engine answered. A rebuild from the sets themselves reads vectors back with
/// <c>VEMB</c>: exact with <see cref="VectorQuantization.NoQuantization"/>, the dequantized values otherwise.
/// </remarks>
internal sealed partial class VectorSetsIndex : RedisVectorIndex
{
    // VSIM, then each hit's attributes, in one round trip: Redis 8.0's VSIM has no WITHATTRIBS. A hit without
    // attributes reads as a null.
    private const string SimilarScript =
        "local found = redis.call('VSIM', KEYS[1], unpack(ARGV)) local reply = {} " +
        "for i = 1, #found, 2 do " +
        "reply[#reply + 1] = found[i] reply[#reply + 1] = found[i + 1] reply[#reply + 1] = redis.call('VGETATTR', KEYS[1], found[i]) end " +
        "return reply";

    private readonly VectorSetsKeys keys;

    public VectorSetsIndex(IConnectionMultiplexer redis, VectorIndexSchema schema)
        : base(redis, RequireCosine(schema), SetKeyOf(schema))
    {
        keys = new VectorSetsKeys(schema.Name);
        SetKey = keys.Live;
    }

    /// <inheritdoc />
    public override string Engine => VectorSetsEngine.EngineName;

    /// <summary>
    /// The set of the documents without a tenant, <c>{embeddings}</c>, whose name prefixes the index-wide keys (rebuild
    /// state, owners, tenants).
    /// </summary>
    public string SetKey { get; }

    /// <summary>The live set that holds <paramref name="tenant"/>'s documents; <see cref="SetKey"/> for null.</summary>
    public string TenantSetKey(string? tenant) => keys.Set(keys.Live, tenant);

    /// <inheritdoc />
    /// <remarks>A Vector Set comes into being with its first element; there is nothing to create.</remarks>
    public override Task EnsureCreatedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var sets = await SetsAsync(keys.Live, cancellationToken).ConfigureAwait(false);
        var counts = await Task.WhenAll(sets.Select(set => database.ExecuteAsync("VCARD", set))).WaitAsync(cancellationToken).ConfigureAwait(false);
        return counts.Sum(count => (long)count);
    }

    /// <inheritdoc />
    public override Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        VectorQueryLimits.Validate(Schema, query);
        return SimilarAsync(query.Filter, query.K, filtered => SimilarityArguments(Schema, query.Vector, filtered, query.K, Schema.QueryEf(query.K, query.EfRuntime), epsilon: null), cancellationToken);
    }

    /// <summary>
    /// The key of the live set that holds <paramref name="tenant"/>'s documents in <paramref name="schema"/>'s index:
    /// <c>{embeddings:acme}</c>, or <c>{embeddings}</c> for documents without a tenant. Every index-wide key begins with
    /// the latter.
    /// </summary>
    public static string SetKeyOf(VectorIndexSchema schema, string? tenant = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var keys = new VectorSetsKeys(schema.Name);
        return keys.Set(keys.Live, tenant);
    }

    /// <summary>
    /// The arguments of the <c>VSIM</c> a KNN query of <paramref name="schema"/>'s index is sent as: to the set of the
    /// tenant it names, or, naming none, to each set in turn.
    /// </summary>
    /// <exception cref="ArgumentException">The query is invalid, the schema's metric is not cosine, or a filter value cannot be quoted.</exception>
    public static IReadOnlyList<object> KnnArguments(VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        VectorQueryLimits.Validate(RequireCosine(schema), query);
        var (tenant, rest) = Partition(query.Filter);
        return [SetKeyOf(schema, tenant), .. SimilarityArguments(schema, query.Vector, rest, query.K, schema.QueryEf(query.K, query.EfRuntime), epsilon: null)];
    }

    /// <inheritdoc />
    public override Task<VectorSearchResult> SearchRangeAsync(VectorRangeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        VectorQueryLimits.Validate(Schema, query);
        var limit = query.Limit ?? DefaultRangeLimit;

        // VSIM's EPSILON is a bound on the cosine distance 1 - cosine (measured on Redis 8.0.2), the radius's own scale.
        return SimilarAsync(query.Filter, limit, filtered => SimilarityArguments(Schema, query.Vector, filtered, limit, Schema.QueryEf(limit, requested: null), query.Radius), cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<VectorIndexStatus> DescribeAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var sets = await SetsAsync(keys.Live, cancellationToken).ConfigureAwait(false);
        var counts = sets.Select(set => database.ExecuteAsync("VCARD", set)).ToArray();
        var memory = sets.Concat([VectorSetsKeys.Owners(keys.Live), VectorSetsKeys.Tenants(keys.Live)])
            .Select(key => database.ExecuteAsync("MEMORY", "USAGE", key)).ToArray();
        var infos = sets.Select(set => database.ExecuteAsync("VINFO", set)).ToArray();
        var rebuild = ReadRebuildStatusAsync();
        await Task.WhenAll([.. counts, .. memory, .. infos, rebuild]).WaitAsync(cancellationToken).ConfigureAwait(false);

        var storage = infos.Select(info => VectorSetsElements.Info(info.Result).GetValueOrDefault("quant-type")?.ToString()).FirstOrDefault(type => type is not null)
            ?? Schema.Quantization.ToString();

        return new VectorIndexStatus(
            Schema.Name, Engine, SetKey, counts.Sum(count => (long)count.Result), Schema.Dimension, Schema.Metric, VectorAlgorithm.Hnsw, storage,
            memory.Sum(used => used.Result.IsNull ? 0 : (long)used.Result), Indexing: false, PercentIndexed: 1, IndexingFailures: 0, rebuild.Result);
    }

    // The tenant whose set a filter confines the query to, and the rest of the filter, which FILTER evaluates. Callers
    // have validated the whole filter (VectorQueryLimits), so a bad tenant value is reported as the other engine reports it.
    private static (string? Tenant, VectorFilter Others) Partition(VectorFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Tenant is { } tenant)
        {
            return (tenant, filter with { Tenant = null });
        }

        return filter.Tags.TryGetValue(VectorFilter.TenantField, out var tagged)
            ? (tagged, filter with { Tags = filter.Tags.Where(tag => tag.Key != VectorFilter.TenantField).ToDictionary() })
            : (null, filter);
    }

    // VSIM's arguments after the key: FP32 blob WITHSCORES COUNT count EF ef [EPSILON delta] [FILTER expression [FILTER-EF n]].
    private static List<object> SimilarityArguments(VectorIndexSchema schema, float[] vector, VectorFilter filter, int count, int ef, double? epsilon)
    {
        var expression = VectorSetsFilter.Render(filter, schema);
        List<object> arguments = [.. VectorSetsElements.VectorArguments(vector), "WITHSCORES", "COUNT", count, "EF", ef];
        if (epsilon is { } delta)
        {
            arguments.AddRange(["EPSILON", delta.ToString("R", CultureInfo.InvariantCulture)]);
        }

        if (expression.Length > 0)
        {
            arguments.AddRange(["FILTER", expression]);
            if (schema.FilterEf is { } filterEf)
            {
                arguments.AddRange(["FILTER-EF", filterEf]);
            }
        }

        return arguments;
    }

    // A query naming a tenant asks that tenant's set alone; one naming none asks every set and keeps the nearest.
    private async Task<VectorSearchResult> SimilarAsync(
        VectorFilter filter, int count, Func<VectorFilter, List<object>> argumentsFor, CancellationToken cancellationToken)
    {
        var (tenant, rest) = Partition(filter);
        var arguments = argumentsFor(rest);
        if (tenant is not null || !Schema.IsTagField(VectorFilter.TenantField))
        {
            return Result(await SimilarAsync(keys.Set(keys.Live, tenant), arguments, cancellationToken).ConfigureAwait(false));
        }

        var sets = await SetsAsync(keys.Live, cancellationToken).ConfigureAwait(false);
        var found = await Task.WhenAll(sets.Select(set => SimilarAsync(set, arguments, cancellationToken))).ConfigureAwait(false);

        // A document written before the index was partitioned may still sit in the untenanted set beside its tenant's
        // copy until the next rebuild: each id counts once, at its nearest. Only the kept hits' attributes are parsed.
        return Result(found.SelectMany(hits => hits)
            .OrderBy(hit => hit.Distance).ThenBy(hit => hit.Id, StringComparer.Ordinal)
            .DistinctBy(hit => hit.Id, StringComparer.Ordinal)
            .Take(count));
    }

    private VectorSearchResult Result(IEnumerable<FoundElement> found)
    {
        VectorHit[] hits = [.. found.Select(hit => new VectorHit(hit.Id, hit.Distance, Math.Clamp(1 - hit.Distance, 0, 1), VectorSetsElements.StoredFields(Schema, hit.Attributes)))];
        return new VectorSearchResult(hits.Length, hits);
    }

    private async Task<FoundElement[]> SimilarAsync(string set, IReadOnlyList<object> arguments, CancellationToken cancellationToken)
    {
        var reply = await Redis.GetDatabase().ScriptEvaluateAsync(SimilarScript, [set], [.. arguments.Select(VectorSetsElements.ToRedisValue)])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return [];
        }

        // id, score, attributes for each hit, closest first.
        var items = (RedisResult[])reply!;
        var found = new FoundElement[items.Length / 3];
        for (var index = 0; index < found.Length; index++)
        {
            var cosine = (2 * double.Parse(items[(3 * index) + 1].ToString(), CultureInfo.InvariantCulture)) - 1;
            found[index] = new FoundElement(items[3 * index].ToString(), 1 - cosine, items[(3 * index) + 2]);
        }

        return found;
    }

    // A hit as VSIM found it, its attributes still as Redis sent them.
    private readonly record struct FoundElement(string Id, double Distance, RedisResult Attributes);

    private static VectorIndexSchema RequireCosine(VectorIndexSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.Metric != VectorMetric.Cosine)
        {
            throw new ArgumentException(
                $"Vector Sets compare by cosine only; index '{schema.Name}' asks for {schema.Metric}. Use the RediSearch engine for IP or L2.",
                nameof(schema));
        }

        return schema;
    }
}
