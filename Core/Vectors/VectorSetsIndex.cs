using System.Globalization;
using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace RedisAspire.Core.Vectors;

/// <summary>
/// The vector hot tier on Redis 8's built-in Vector Sets: one set per index, documents as elements whose JSON
/// attributes hold the schema's fields, hybrid queries as <c>VSIM ... FILTER</c>, rebuilds swapped in with one
/// <c>RENAME</c>.
/// </summary>
/// <remarks>
/// Vector Sets compare by cosine only. <c>VSIM</c> scores are <c>(1 + cosine) / 2</c>; hits report the same
/// distance and similarity as RediSearch's COSINE (distance <c>1 - cosine</c>, similarity the cosine clamped to
/// [0, 1]) so callers see one scale whichever engine answered. A rebuild from the set itself reads vectors back with
/// <c>VEMB</c>: exact with <see cref="VectorQuantization.NoQuantization"/>, the dequantized values otherwise.
/// </remarks>
internal sealed class VectorSetsIndex : RedisVectorIndex
{
    private const int ReadBatch = 256;

    private const string AddIfAbsentScript =
        "if redis.call('VISMEMBER', KEYS[1], ARGV[1]) == 1 then return 0 end " +
        "redis.call('VADD', KEYS[1], unpack(ARGV, 2)) return 1";

    // One reply, so the list is of one moment: counted first and read after, elements added in between would leave
    // VRANDMEMBER's count short of the set, and it would return a random subset.
    private const string MembersScript = "return redis.call('VRANDMEMBER', KEYS[1], redis.call('VCARD', KEYS[1]))";

    public VectorSetsIndex(IConnectionMultiplexer redis, VectorIndexSchema schema)
        : base(redis, RequireCosine(schema), $"{{{schema.Name}}}")
    {
        SetKey = SetKeyOf(schema);
    }

    /// <inheritdoc />
    public override string Engine => VectorSetsEngine.EngineName;

    /// <summary>The Redis key of the set: the schema's name as a hash tag, <c>{embeddings}</c>.</summary>
    public string SetKey { get; }

    /// <inheritdoc />
    /// <remarks>A Vector Set comes into being with its first element; there is nothing to create.</remarks>
    public override Task EnsureCreatedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public override async Task<long> CountAsync(CancellationToken cancellationToken) =>
        (long)await Redis.GetDatabase().ExecuteAsync("VCARD", SetKey).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public override Task<VectorSearchResult> SearchAsync(KnnQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SimilarAsync(KnnArguments(Schema, query), cancellationToken);
    }

    /// <summary>
    /// The Redis key of <paramref name="schema"/>'s set: its name as a hash tag, <c>{embeddings}</c>, which its rebuilds
    /// share, since RENAME needs them in one cluster slot.
    /// </summary>
    public static string SetKeyOf(VectorIndexSchema schema) => $"{{{schema.Name}}}";

    /// <summary>The arguments of the <c>VSIM</c> a KNN query of <paramref name="schema"/>'s set is sent as.</summary>
    /// <exception cref="ArgumentException">The query is invalid, the schema's metric is not cosine, or a filter value cannot be quoted.</exception>
    public static IReadOnlyList<object> KnnArguments(VectorIndexSchema schema, KnnQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        VectorQueryLimits.Validate(RequireCosine(schema), query);
        return SimilarityArguments(schema, query.Vector, query.Filter, query.K, schema.QueryEf(query.K, query.EfRuntime), epsilon: null);
    }

    /// <inheritdoc />
    public override Task<VectorSearchResult> SearchRangeAsync(VectorRangeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        VectorQueryLimits.Validate(Schema, query);
        var limit = query.Limit ?? DefaultRangeLimit;
        // VSIM's EPSILON is a bound on the cosine distance 1 - cosine (measured on Redis 8.0.2), the radius's own scale.
        return SimilarAsync(SimilarityArguments(Schema, query.Vector, query.Filter, limit, Schema.QueryEf(limit, requested: null), query.Radius), cancellationToken);
    }

    /// <inheritdoc />
    public override async Task<VectorIndexStatus> DescribeAsync(CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var count = CountAsync(cancellationToken);
        var memory = database.ExecuteAsync("MEMORY", "USAGE", SetKey);
        var info = database.ExecuteAsync("VINFO", SetKey);
        var rebuild = ReadRebuildStatusAsync();
        await Task.WhenAll(count, memory, info, rebuild).WaitAsync(cancellationToken).ConfigureAwait(false);

        var storage = VectorSetsElements.Info(info.Result).GetValueOrDefault("quant-type")?.ToString() ?? Schema.Quantization.ToString();

        return new VectorIndexStatus(
            Schema.Name, Engine, SetKey, count.Result, Schema.Dimension, Schema.Metric, VectorAlgorithm.Hnsw, storage,
            memory.Result.IsNull ? 0 : (long)memory.Result, Indexing: false, PercentIndexed: 1, IndexingFailures: 0, rebuild.Result);
    }

    /// <inheritdoc />
    protected override Task<string> ReadLiveTargetAsync(CancellationToken cancellationToken) => Task.FromResult(SetKey);

    /// <inheritdoc />
    protected override Task<string> NewTargetAsync(CancellationToken cancellationToken) =>
        Task.FromResult($"{SetKey}:rebuild:{Guid.NewGuid():N}");

    /// <inheritdoc />
    /// <remarks>A Vector Set comes into being with its first element.</remarks>
    protected override Task CreateTargetAsync(string target, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    protected override async Task SwapAsync(string building, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        // An empty set does not exist, so an empty rebuild leaves nothing to rename: the index becomes empty.
        if (await database.KeyExistsAsync(building).ConfigureAwait(false))
        {
            await database.KeyRenameAsync(building, SetKey).ConfigureAwait(false);
        }
        else
        {
            await database.KeyDeleteAsync(SetKey).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    protected override Task AbandonAsync(string target) => Redis.GetDatabase().KeyDeleteAsync(target);

    /// <inheritdoc />
    protected override Task DropStorageAsync(CancellationToken cancellationToken) =>
        Redis.GetDatabase().KeyDeleteAsync(SetKey).WaitAsync(cancellationToken);

    /// <inheritdoc />
    protected override async Task<bool> AddAsync(string target, VectorDocument document, bool onlyIfAbsent, CancellationToken cancellationToken)
    {
        var arguments = VectorSetsElements.AddArguments(Schema, document, VectorSetsElements.QuantizationName(Schema.Quantization), Schema.M);
        var database = Redis.GetDatabase();
        if (!onlyIfAbsent)
        {
            try
            {
                await database.ExecuteAsync("VADD", [target, .. arguments]).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (RedisServerException exception) when (exception.Message.Contains("mismatch with existing vector set", StringComparison.Ordinal))
            {
                // The set was built under other settings (a changed Vectors:Quantization or Vectors:M): it keeps them
                // until a rebuild, and takes writes on its own terms meanwhile.
                var info = await database.ExecuteAsync("VINFO", target).WaitAsync(cancellationToken).ConfigureAwait(false);
                var (quantization, m) = VectorSetsElements.Settings(info);
                await database.ExecuteAsync("VADD", [target, .. VectorSetsElements.AddArguments(Schema, document, quantization, m)]).WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            return true;
        }

        var added = await database.ScriptEvaluateAsync(
            AddIfAbsentScript, [target], [document.Id, .. arguments.Select(VectorSetsElements.ToRedisValue)]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (long)added == 1;
    }

    /// <inheritdoc />
    protected override async Task<bool> RemoveAsync(string target, string id, CancellationToken cancellationToken) =>
        (bool)await Redis.GetDatabase().ExecuteAsync("VREM", target, id).WaitAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    protected override async Task<bool[]> HoldsAsync(string target, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var checks = ids.Select(id => database.ExecuteAsync("VISMEMBER", target, id)).ToArray();
        var replies = await Task.WhenAll(checks).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. replies.Select(reply => (long)reply == 1)];
    }

    /// <inheritdoc />
    protected override async Task<VectorDocument?> ReadAsync(string target, string id, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var vector = database.ExecuteAsync("VEMB", target, id);
        var attributes = database.ExecuteAsync("VGETATTR", target, id);
        await Task.WhenAll(vector, attributes).WaitAsync(cancellationToken).ConfigureAwait(false);
        return vector.Result.IsNull ? null : VectorSetsElements.ToDocument(Schema, id, (RedisResult[])vector.Result!, attributes.Result);
    }

    /// <inheritdoc />
    protected override async IAsyncEnumerable<VectorDocument> ReadAllAsync(string target, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();

        // With a count of the set's size, VRANDMEMBER returns every element once.
        var members = (RedisResult[])(await database.ScriptEvaluateAsync(MembersScript, [target]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        foreach (var batch in members.Select(member => member.ToString()).Chunk(ReadBatch))
        {
            var vectors = batch.Select(id => database.ExecuteAsync("VEMB", target, id)).ToArray();
            var attributes = batch.Select(id => database.ExecuteAsync("VGETATTR", target, id)).ToArray();
            await Task.WhenAll(vectors.Concat(attributes)).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var index = 0; index < batch.Length; index++)
            {
                // An element deleted since VRANDMEMBER has no embedding any more.
                if (!vectors[index].Result.IsNull)
                {
                    yield return VectorSetsElements.ToDocument(Schema, batch[index], (RedisResult[])vectors[index].Result!, attributes[index].Result);
                }
            }
        }
    }

    // VSIM set VALUES dim v1..vn WITHSCORES COUNT count EF ef [EPSILON delta] [FILTER expression [FILTER-EF n]].
    private static List<object> SimilarityArguments(VectorIndexSchema schema, float[] vector, VectorFilter filter, int count, int ef, double? epsilon)
    {
        var expression = VectorSetsFilter.Render(filter, schema);
        List<object> arguments = [SetKeyOf(schema), "VALUES", vector.Length];
        arguments.AddRange(vector.Select(component => (object)component));
        arguments.AddRange(["WITHSCORES", "COUNT", count, "EF", ef]);
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

    private async Task<VectorSearchResult> SimilarAsync(IReadOnlyList<object> arguments, CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        var reply = await database.ExecuteAsync("VSIM", [.. arguments]).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (reply.IsNull)
        {
            return new VectorSearchResult(0, []);
        }

        var items = (RedisResult[])reply!;

        // Redis 8.0 has no WITHATTRIBS: the stored fields are read with one VGETATTR per hit, sent together.
        var ids = new string[items.Length / 2];
        var scores = new double[ids.Length];
        var attributeReads = new Task<RedisResult>[ids.Length];
        for (var index = 0; index < ids.Length; index++)
        {
            ids[index] = items[2 * index].ToString();
            scores[index] = double.Parse(items[(2 * index) + 1].ToString(), CultureInfo.InvariantCulture);
            attributeReads[index] = database.ExecuteAsync("VGETATTR", SetKey, ids[index]);
        }

        var attributes = await Task.WhenAll(attributeReads).WaitAsync(cancellationToken).ConfigureAwait(false);
        var hits = new VectorHit[ids.Length];
        for (var index = 0; index < ids.Length; index++)
        {
            var cosine = (2 * scores[index]) - 1;
            hits[index] = new VectorHit(ids[index], 1 - cosine, Math.Clamp(cosine, 0, 1), VectorSetsElements.StoredFields(Schema, attributes[index]));
        }

        return new VectorSearchResult(hits.Length, hits);
    }

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
